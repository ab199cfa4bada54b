import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';
import * as documents from '$lib/server/documents/documents';
import * as review from '$lib/server/review/review';
import { documentHeader } from '$lib/server/review/header';
import { projectGlossary } from '$lib/server/glossary/glossary';
import { projectQaSeverities } from '$lib/server/qa/settings';
import * as pretranslation from '$lib/server/pretranslate/pretranslate';
import * as live from '$lib/server/live/live';
import { failFrom, formValues } from '$lib/server/http/actions';
import { differsFromMt } from '$lib/text/segment-state';
import type { WorkspaceRowData } from '$lib/editor/segment-row.svelte';
import type { WorkspaceQaData } from '$lib/editor/workspace-qa.svelte';
import type { WordDiff } from '$lib/diff';
import type { ReviewNoteData } from './ReviewNote.svelte';

export const load: PageServerLoad = async (event) => {
	const { db, user, doc } = await documentForPage(event);
	// Before the page's data: the live stream replays what changes after this.
	const liveState = await live.pageState(db, doc);
	const [segments, header, info] = await Promise.all([documents.listSegments(db, doc.id), documentHeader(db, doc), review.reviewInfo(db, doc.id)]);
	// Only what the translator acts on: why a segment was sent back, and a reviewer's edit as a tracked change.
	const notes: Record<number, ReviewNoteData & { revisionId: number | null }> = {};
	for (const s of segments) {
		const i = info.get(s.id);
		if (!i) continue;
		const last = i.lastReview;
		const sentBack =
			s.state === 'changes_requested' && last?.decision === 'changes_requested'
				? { reason: last.reason, comment: last.comment, reviewer: last.reviewer, at: last.createdAt.toISOString() }
				: null;
		const reviewerEdit = i.inReview && i.diffFromParent ? { diff: i.diffFromParent as WordDiff, author: i.author } : null;
		if (sentBack || reviewerEdit) notes[s.id] = { sentBack, reviewerEdit, revisionId: s.revisionId };
	}
	const [commentCounts, mentionHints, glossary, severities, offer] = await Promise.all([
		comments.commentSummary(db, doc.id),
		comments.mentionHints(db, doc.project.id),
		projectGlossary(db, doc.project.id),
		projectQaSeverities(db, doc.project.id),
		pretranslation.pretranslateOffer(db, doc)
	]);
	return {
		...header,
		notes,
		canEdit: doc.may.translate,
		// Null when this member may not pre-translate or the project has neither an engine nor a pre-fill score.
		pretranslate: offer,
		mtEngine: offer?.engine ?? null,
		me: { id: user.id, name: user.name },
		live: liveState,
		comments: Object.fromEntries(commentCounts),
		mentionHints,
		// Live QA in the browser: the MT only where the saved text is not it (see WorkspaceQaData).
		qa: {
			glossary,
			severities,
			mt: Object.fromEntries(segments.filter((s) => s.mtText !== null && differsFromMt(s.text, s.mtText)).map((s) => [s.id, s.mtText!]))
		} satisfies WorkspaceQaData,
		segments: segments.map((s): WorkspaceRowData => ({
			id: s.id,
			position: s.position,
			source: s.source,
			target: s.content,
			state: s.state,
			revisionId: s.revisionId,
			lastEditor: s.lastEditor,
			differsFromMt: differsFromMt(s.text, s.mtText),
			confirmed: s.confirmed
		}))
	};
};

export const actions: Actions = {
	submit: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			return await review.submitDocument(db, doc, values);
		} catch (e) {
			return failFrom(e, {}, values);
		}
	}
};
