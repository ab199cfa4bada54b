import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { documentForPage } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';
import * as documents from '$lib/server/documents/documents';
import * as review from '$lib/server/review/review';
import { findSegmentForMember } from '$lib/server/documents/segments';
import { baseTexts, parseCompare, documentHeader } from '$lib/server/review/header';
import { failFrom } from '$lib/server/http/actions';
import { can } from '$lib/server/permissions';
import { REVIEW_REASONS, type ReviewReason } from '$lib/review/transitions';
import { wordDiff, type WordDiff } from '$lib/diff';

// As on the changes page: each segment's diff is bounded, and the page has a time budget.
const SEGMENT_DIFF_TIMEOUT_MS = 50;
const PAGE_DIFF_BUDGET_MS = 2_000;

export const load: PageServerLoad = async (event) => {
	const { user, doc } = await documentForPage(event);
	const [segments, info, rounds, header, fourEyes, commentCounts, mentionHints] = await Promise.all([
		documents.listSegments(doc.id),
		review.reviewInfo(doc.id),
		review.listRounds(doc.id),
		documentHeader(doc),
		review.fourEyesOf(doc.project.id),
		comments.commentSummary(doc.id),
		comments.mentionHints(doc.project.id)
	]);
	const compare = parseCompare(event.url.searchParams.get('compare'), header.review.round);
	const base = await baseTexts(doc.id, compare, segments, info);
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
			reviewerEdit: i?.inReview && i.diffFromParent ? { diff: i.diffFromParent as WordDiff, author: i.author } : null,
			sentBack:
				s.state === 'changes_requested' && last?.decision === 'changes_requested'
					? { reason: last.reason, comment: last.comment, reviewer: last.reviewer, at: last.createdAt.toISOString() }
					: null
		};
	});

	return {
		...header,
		canReview: can(doc.role, 'review'),
		canEdit: can(doc.role, 'review_edit'),
		fourEyes,
		compare: compare.kind === 'round' ? `round-${compare.number}` : compare.kind,
		rounds: rounds.map((r) => ({ number: r.number, submittedBy: r.submittedBy, createdAt: r.createdAt.toISOString(), segments: r.segments })),
		comments: Object.fromEntries(commentCounts),
		mentionHints,
		rows
	};
};

/** The segment named by the form, checked to be in this document, with the caller's role. */
async function segmentRef(event: RequestEvent, form: FormData) {
	const { db, user, doc } = await documentForPage(event);
	const segmentId = Number(form.get('segmentId'));
	const revisionId = Number(form.get('revisionId'));
	if (!Number.isInteger(segmentId) || segmentId <= 0 || !Number.isInteger(revisionId) || revisionId <= 0) return null;
	const segment = await findSegmentForMember(db, user, segmentId);
	if (!segment || segment.documentId !== doc.id) error(404, { message: 'No such segment in this document.' });
	return { user, doc, revisionId, ref: { id: segment.id, documentId: doc.id, projectId: doc.project.id, role: doc.role } };
}

export const actions: Actions = {
	approve: async (event) => {
		const form = await event.request.formData();
		const found = await segmentRef(event, form);
		if (!found) return fail(400, { segmentId: Number(form.get('segmentId')), message: 'Choose a segment and the revision you read.' });
		try {
			const result = await review.approveSegment(found.ref, found.user.id, found.revisionId);
			return { segmentId: found.ref.id, approved: true, documentApproved: result.documentApproved };
		} catch (e) {
			return failFrom(e, { segmentId: found.ref.id });
		}
	},
	reject: async (event) => {
		const form = await event.request.formData();
		const found = await segmentRef(event, form);
		const segmentId = Number(form.get('segmentId'));
		if (!found) return fail(400, { segmentId, message: 'Choose a segment and the revision you read.' });
		const reason = String(form.get('reason') ?? '');
		const comment = String(form.get('comment') ?? '').slice(0, 5000);
		if (!(REVIEW_REASONS as readonly string[]).includes(reason)) return fail(400, { segmentId, message: 'Choose a reason for sending it back.' });
		try {
			await review.rejectSegment(found.ref, found.user.id, { revisionId: found.revisionId, reason: reason as ReviewReason, comment });
			return { segmentId, sentBack: true };
		} catch (e) {
			return failFrom(e, { segmentId });
		}
	},
	approveAll: async (event) => {
		const { user, doc } = await documentForPage(event);
		try {
			const result = await review.approveAllRemaining(doc, user.id);
			return { approvedAll: { approved: result.approved, skipped: result.skipped, documentApproved: result.documentApproved } };
		} catch (e) {
			return failFrom(e, {});
		}
	}
};
