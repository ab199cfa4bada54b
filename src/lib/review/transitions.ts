import type { ReviewReason, SegmentState } from '../server/db/schema.generated';

export type { ReviewReason };

/**
 * The one place that says which segment state an action leads to. The server's review module
 * asks here before it writes, and refuses (409) whatever this calls illegal.
 *
 *   untranslated → mt → edited → submitted → approved
 *                                   ↘ changes requested → edited (the translator works on it again)
 */
export type SegmentAction = 'translate' | 'review_edit' | 'submit' | 'approve' | 'reject';

export type Transition = { ok: true; to: SegmentState } | { ok: false; message: string };

/** The states in which a segment is in review, so a reviewer may edit it (review_edit). */
export const REVIEW_EDITABLE: readonly SegmentState[] = ['submitted', 'changes_requested'];

/**
 * The states in which a segment is still the translator's: what a confirmation is for, and what a
 * submission sends once confirmed. Submitted and approved segments need no confirmation.
 */
export const CONFIRMABLE: readonly SegmentState[] = ['mt', 'edited', 'changes_requested'];

/** May a reviewer edit a segment in this state now? The one answer the server and the pages give. */
export function reviewerMayEdit(state: SegmentState): boolean {
	return REVIEW_EDITABLE.includes(state);
}

export function segmentTransition(from: SegmentState, action: SegmentAction, after?: SegmentState): Transition {
	switch (action) {
		case 'translate':
			// Any segment may be worked on again; it leaves review (the caller passes what the text makes it).
			return { ok: true, to: after ?? 'edited' };
		case 'review_edit':
			if (reviewerMayEdit(from)) return { ok: true, to: 'submitted' };
			return { ok: false, message: 'Reviewers edit segments only while they are in review.' };
		case 'submit':
			if (from === 'edited' || from === 'mt' || from === 'changes_requested') return { ok: true, to: 'submitted' };
			if (from === 'submitted' || from === 'approved') return { ok: true, to: from };
			return { ok: false, message: 'A segment without a translation cannot be submitted.' };
		case 'approve':
			if (from === 'submitted') return { ok: true, to: 'approved' };
			return { ok: false, message: illegalReview(from, 'approved') };
		case 'reject':
			if (from === 'submitted') return { ok: true, to: 'changes_requested' };
			return { ok: false, message: illegalReview(from, 'sent back') };
	}
}

function illegalReview(from: SegmentState, verb: string): string {
	if (from === 'approved') return `This segment is already approved; it cannot be ${verb} again until it changes.`;
	if (from === 'changes_requested') return `This segment was sent back and waits for the translator; it cannot be ${verb} now.`;
	return `Only submitted segments can be ${verb}; this one has not been submitted for review.`;
}

export type DocumentState = 'in_translation' | 'in_review' | 'approved';

export const DOCUMENT_STATE_LABELS: Record<DocumentState, string> = {
	in_translation: 'In translation',
	in_review: 'In review',
	approved: 'Approved'
};

/** A document's state follows from its segments': nothing to keep in step, nothing to drift. */
export function documentState(counts: Partial<Record<SegmentState, number>>): DocumentState {
	const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
	if (total > 0 && (counts.approved ?? 0) === total) return 'approved';
	if ((counts.submitted ?? 0) + (counts.changes_requested ?? 0) > 0) return 'in_review';
	return 'in_translation';
}

export const REVIEW_REASONS: readonly ReviewReason[] = ['mistranslation', 'omission', 'addition', 'terminology', 'grammar', 'style', 'other'];

export const REASON_LABELS: Record<ReviewReason, string> = {
	mistranslation: 'Mistranslation',
	omission: 'Omission',
	addition: 'Addition',
	terminology: 'Terminology',
	grammar: 'Grammar',
	style: 'Style',
	other: 'Other'
};
