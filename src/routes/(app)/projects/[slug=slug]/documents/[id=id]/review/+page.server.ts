import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import * as live from '$lib/server/live/live';
import * as comments from '$lib/server/review/comments';
import * as documents from '$lib/server/documents/documents';
import * as review from '$lib/server/review/review';
import * as qa from '$lib/server/qa/report';
import { baseTexts, parseCompare, documentHeader } from '$lib/server/review/header';
import { failFrom, formValues } from '$lib/server/http/actions';
import { wordDiff, type WordDiff } from '$lib/diff';

// As on the changes page: each segment's diff is bounded, and the page has a time budget.
const SEGMENT_DIFF_TIMEOUT_MS = 50;
const PAGE_DIFF_BUDGET_MS = 2_000;

export const load: PageServerLoad = async (event) => {
	const { db, user, doc } = await documentForPage(event);
	// Before the page's data: the live stream tells what changes after this.
	const liveState = await live.pageState(db, doc);
	const [segments, info, rounds, header, fourEyes, commentCounts, mentionHints, qaOfRows] = await Promise.all([
		documents.listSegments(db, doc.id),
		review.reviewInfo(db, doc.id),
		review.listRounds(db, doc.id),
		documentHeader(db, doc),
		review.fourEyesOf(db, doc.project.id),
		comments.commentSummary(db, doc.id),
		comments.mentionHints(db, doc.project.id),
		qa.issuesBySegment(db, doc)
	]);
	const compare = parseCompare(event.url.searchParams.get('compare'), header.review.round);
	const base = await baseTexts(db, doc.id, compare, segments, info);
	const locale = doc.project.targetLang;
	const deadline = performance.now() + PAGE_DIFF_BUDGET_MS;

	const rows = segments.map((s) => {
		const i = info.get(s.id);
		const from = base.get(s.id);
		let diff: WordDiff | null = null;
		if (from !== undefined && from !== s.text && performance.now() < deadline) {
			diff = wordDiff(from, s.text, { locale, timeoutMs: SEGMENT_DIFF_TIMEOUT_MS });
		}
		const last = i?.lastReview ?? null;
		return {
			id: s.id,
			position: s.position,
			source: s.source,
			content: s.content,
			state: s.state,
			revisionId: s.revisionId,
			author: s.lastEditor,
			/** Four-eyes will refuse the caller's approval: they wrote the current text. */
			ownText: fourEyes && i?.authorId === user.id && s.lastEditor !== null,
			/** Nothing to compare with (never approved, not in that round), the same text, or a diff. */
			compared: from === undefined ? ('none' as const) : from === s.text ? ('same' as const) : ('changed' as const),
			diff,
			qa: qaOfRows.get(s.id) ?? [],
			reviewerEdit: i?.inReview && i.diffFromParent ? { diff: i.diffFromParent as WordDiff, author: i.author } : null,
			sentBack:
				s.state === 'changes_requested' && last?.decision === 'changes_requested'
					? { reason: last.reason, comment: last.comment, reviewer: last.reviewer, at: last.createdAt.toISOString() }
					: null
		};
	});

	return {
		...header,
		canReview: doc.may.review,
		canEdit: doc.may.review_edit,
		fourEyes,
		compare: compare.kind === 'round' ? `round-${compare.number}` : compare.kind,
		rounds: rounds.map((r) => ({ number: r.number, submittedBy: r.submittedBy, createdAt: r.createdAt.toISOString(), segments: r.segments })),
		comments: Object.fromEntries(commentCounts),
		mentionHints,
		me: { id: user.id, name: user.name },
		live: liveState,
		rows
	};
};

// The forms post segmentId and revisionId (and for a send-back, reason and comment): the verbs
// validate them, so the page and the API accept the same input.
export const actions: Actions = {
	approve: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			const result = await review.approveSegment(db, doc, values);
			return { approved: true, documentApproved: result.documentApproved };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	reject: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			await review.rejectSegment(db, doc, values);
			return { sentBack: true };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	approveAll: async (event) => {
		const { db, doc } = await documentForPage(event);
		try {
			const result = await review.approveAllRemaining(db, doc);
			return { approvedAll: { approved: result.approved, skipped: result.skipped, documentApproved: result.documentApproved } };
		} catch (e) {
			return failFrom(e, {});
		}
	}
};
