import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { rememberApproved } from '../tm/units';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { notify, type NewNotification } from '../activity/notifications';
import { stateCounts } from './rounds';
import { actorOf, recordCommentEvent, recordSegmentsEvent } from '../live/record';
import { MAX_COMMENT_CHARS } from './comments';
import { idSchema, textSchema } from '../../validation';
import { documentState, REASON_LABELS, REVIEW_REASONS, segmentTransition } from '../../review/transitions';
import type { DocumentAccess } from '../documents/documents';
import type { SegmentAccess } from '../documents/segments';
import type { ReviewReason, SegmentState } from '../db/schema.generated';
import type { AuthUser } from '../auth/sessions';

/**
 * Who decides on a segment: its SegmentAccess (the API, by the segment's URL), or the document's
 * access with the segment named in the input (the review page's form posts `segmentId`).
 */
export type ReviewAccess = SegmentAccess | DocumentAccess;

const segmentInputSchema = z.object({ segmentId: idSchema('Choose a segment of this document.') });

const revisionId = idSchema('Name the revision you read: revisionId is the id of the segment’s current revision.');

export const approveSchema = z.object({ revisionId });

export const rejectSchema = z
	.object({
		revisionId,
		reason: z.enum(REVIEW_REASONS as [ReviewReason, ...ReviewReason[]], {
			error: `Choose a reason for sending it back: one of ${REVIEW_REASONS.join(', ')}.`
		}),
		comment: textSchema(MAX_COMMENT_CHARS, 'Use at most 5,000 characters in the comment.').default('')
	})
	.refine((r) => r.reason !== 'other' || r.comment !== '', {
		message: 'Say what is wrong: a comment is required when the reason is “Other”.',
		path: ['comment']
	});

type SegmentInput = { segmentId?: unknown };

interface LockedSegment {
	id: number;
	documentId: number;
	position: number;
	state: SegmentState;
	currentRevisionId: number | null;
	authorId: number | null;
	fourEyes: boolean;
	roundId: number | null;
	roundSubmittedBy: number | null;
	title: string;
	projectId: number;
}

/** Locks the segment row (a concurrent save waits) and reads what a review decision checks. */
async function lockSegment(trx: Trx, segmentId: number): Promise<LockedSegment | undefined> {
	const { rows } = await sql<LockedSegment>`
		select s.id, s.document_id as "documentId", s.position, s.state, s.current_revision_id as "currentRevisionId",
			cur.author_id as "authorId", p.four_eyes as "fourEyes", d.title, d.project_id as "projectId",
			r.id as "roundId", r.submitted_by as "roundSubmittedBy"
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		left join revisions cur on cur.id = s.current_revision_id
		left join lateral (
			select rr.id, rr.submitted_by from review_rounds rr where rr.document_id = s.document_id order by rr.number desc limit 1
		) r on true
		where s.id = ${segmentId}
		for update of s`.execute(trx);
	return rows[0];
}

/** Which segment the decision is about, and the document it must belong to. */
function targetOf(access: ReviewAccess, input: SegmentInput): { segmentId: number; documentId: number } {
	if ('documentId' in access) return { segmentId: access.id, documentId: access.documentId };
	return { segmentId: validate(segmentInputSchema, input).segmentId, documentId: access.id };
}

async function lockTarget(trx: Trx, target: { segmentId: number; documentId: number }): Promise<LockedSegment> {
	const seg = await lockSegment(trx, target.segmentId);
	if (!seg || seg.documentId !== target.documentId) throw new DomainError('not_found', 'No such segment in this document.', 'segmentId');
	return seg;
}

function requireCurrent(seg: LockedSegment, revisionId: number): void {
	if (seg.currentRevisionId !== revisionId) {
		throw new DomainError(
			'conflict',
			`This segment changed after you opened it (revision ${revisionId} is no longer current; revision ${seg.currentRevisionId} is). Look at the new text before deciding.`
		);
	}
}

/** Why four-eyes stops `actorId` approving this segment, or null when it does not. */
function fourEyesRefusal(seg: LockedSegment, actorId: number): string | null {
	if (!seg.fourEyes) return null;
	if (seg.authorId === actorId) return 'Four-eyes: you wrote the current text of this segment, so someone else must approve it.';
	if (seg.roundSubmittedBy === actorId) return 'Four-eyes: you submitted this round for review, so someone else must approve it.';
	return null;
}

async function approveLocked(trx: Trx, seg: LockedSegment, actorId: number): Promise<void> {
	await trx
		.updateTable('segments')
		.set({ state: 'approved', approvedRevisionId: seg.currentRevisionId, updatedAt: new Date() })
		.where('id', '=', seg.id)
		.execute();
	await trx
		.insertInto('segmentReviews')
		.values({
			segmentId: seg.id,
			revisionId: seg.currentRevisionId!,
			roundId: seg.roundId,
			reviewerId: actorId,
			decision: 'approved',
			fourEyes: seg.fourEyes
		})
		.execute();
}

/** When the last segment is approved the document is: say so in the log and to whoever submitted it. */
async function afterApprovals(trx: Trx, doc: { id: number; title: string; projectId: number }, actor: AuthUser): Promise<boolean> {
	const actorId = actor.id;
	const counts = await stateCounts(trx, doc.id);
	if (documentState(counts) !== 'approved') return false;
	await recordAudit(trx, { projectId: doc.projectId, documentId: doc.id, actorId, action: 'document.approved', details: { segments: counts.approved } });
	const submitters = await trx
		.selectFrom('reviewRounds')
		.select('submittedBy')
		.distinct()
		.where('documentId', '=', doc.id)
		.where('submittedBy', 'is not', null)
		.execute();
	await notify(
		trx,
		submitters.map((s) => ({
			userId: s.submittedBy!,
			kind: 'document_approved' as const,
			actorId,
			documentId: doc.id,
			message: `${actor.name} approved the last segment of “${doc.title}”: the document is approved.`
		}))
	);
	return true;
}

/** Approves one segment at `revisionId`, which must still be its current revision. */
export async function approveSegment(
	db: Database,
	access: ReviewAccess,
	input: Input<typeof approveSchema> & SegmentInput
): Promise<{ state: SegmentState; documentApproved: boolean }> {
	requireAllowed(access, 'review');
	const { revisionId } = validate(approveSchema, input);
	const target = targetOf(access, input);
	const actorId = access.actor.id;
	return inTransaction(db, async (trx) => {
		const seg = await lockTarget(trx, target);
		requireCurrent(seg, revisionId);
		const transition = segmentTransition(seg.state, 'approve');
		if (!transition.ok) throw new DomainError('conflict', transition.message);
		const refusal = fourEyesRefusal(seg, actorId);
		if (refusal) throw new DomainError('forbidden', refusal);
		await approveLocked(trx, seg, actorId);
		await rememberApproved(trx, [seg.id]);
		await recordAudit(trx, {
			projectId: seg.projectId,
			documentId: seg.documentId,
			segmentId: seg.id,
			actorId,
			action: 'segment.approved',
			details: { revisionId, position: seg.position, fourEyes: seg.fourEyes }
		});
		const documentApproved = await afterApprovals(trx, { id: seg.documentId, title: seg.title, projectId: seg.projectId }, access.actor);
		await recordSegmentsEvent(trx, {
			documentId: seg.documentId,
			kind: 'review',
			cause: 'approved',
			actor: actorOf(access.actor),
			segmentIds: [seg.id],
			extra: documentApproved ? { documentState: 'approved' } : undefined
		});
		return { state: transition.to, documentApproved };
	});
}

/** Sends a segment back to the translator with a reason; the comment opens the segment's thread. */
export async function rejectSegment(db: Database, access: ReviewAccess, input: Input<typeof rejectSchema> & SegmentInput): Promise<{ state: SegmentState }> {
	requireAllowed(access, 'review');
	const { revisionId, reason, comment } = validate(rejectSchema, input);
	const target = targetOf(access, input);
	const actorId = access.actor.id;
	return inTransaction(db, async (trx) => {
		const seg = await lockTarget(trx, target);
		requireCurrent(seg, revisionId);
		const transition = segmentTransition(seg.state, 'reject');
		if (!transition.ok) throw new DomainError('conflict', transition.message);
		await trx.updateTable('segments').set({ state: transition.to, updatedAt: new Date() }).where('id', '=', seg.id).execute();
		const review = await trx
			.insertInto('segmentReviews')
			.values({
				segmentId: seg.id,
				revisionId,
				roundId: seg.roundId,
				reviewerId: actorId,
				decision: 'changes_requested',
				reason,
				comment,
				fourEyes: seg.fourEyes
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const opened = await trx
			.insertInto('comments')
			.values({ segmentId: seg.id, authorId: actorId, body: comment || REASON_LABELS[reason], reviewId: review.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			projectId: seg.projectId,
			documentId: seg.documentId,
			segmentId: seg.id,
			actorId,
			action: 'segment.changes_requested',
			details: { revisionId, position: seg.position, reason, comment: comment || undefined }
		});
		const told: NewNotification[] = [seg.authorId, seg.roundSubmittedBy]
			.filter((id): id is number => id !== null)
			.map((userId) => ({
				userId,
				kind: 'changes_requested' as const,
				actorId,
				documentId: seg.documentId,
				segmentId: seg.id,
				message: `${access.actor.name} sent back segment ${seg.position} of “${seg.title}”: ${REASON_LABELS[reason]}${comment ? ` — ${comment.slice(0, 140)}` : ''}`
			}));
		await notify(trx, told);
		const actor = actorOf(access.actor);
		const note = { segmentId: seg.id, reason, comment, reviewer: actor.name, at: new Date().toISOString() };
		await recordSegmentsEvent(trx, {
			documentId: seg.documentId,
			kind: 'review',
			cause: 'changes_requested',
			actor,
			segmentIds: [seg.id],
			extra: { notes: [note] }
		});
		await recordCommentEvent(trx, { documentId: seg.documentId, segmentId: seg.id, commentId: opened.id, actor });
		return { state: transition.to };
	});
}

export interface ApproveAllResult {
	approved: number;
	skipped: { segmentId: number; position: number; why: string }[];
}

/**
 * Approves every submitted segment of the document the caller may approve, at its current
 * revision, in one transaction; segments four-eyes keeps from them are listed, not approved.
 */
export async function approveAllRemaining(db: Database, doc: DocumentAccess): Promise<ApproveAllResult & { documentApproved: boolean }> {
	requireAllowed(doc, 'review');
	const actorId = doc.actor.id;
	return inTransaction(db, async (trx) => {
		const ids = await trx.selectFrom('segments').select('id').where('documentId', '=', doc.id).where('state', '=', 'submitted').orderBy('position').execute();
		const result: ApproveAllResult = { approved: 0, skipped: [] };
		const approved: number[] = [];
		const approvedIds: number[] = [];
		for (const { id } of ids) {
			const seg = await lockSegment(trx, id);
			// Checked again under the lock: a save may have taken it out of review meanwhile.
			if (!seg || seg.state !== 'submitted') continue;
			const refusal = fourEyesRefusal(seg, actorId);
			if (refusal) {
				result.skipped.push({ segmentId: seg.id, position: seg.position, why: refusal });
				continue;
			}
			await approveLocked(trx, seg, actorId);
			approved.push(seg.position);
			approvedIds.push(seg.id);
			result.approved++;
		}
		await rememberApproved(trx, approvedIds);
		if (result.approved > 0) {
			await recordAudit(trx, {
				projectId: doc.project.id,
				documentId: doc.id,
				actorId,
				action: 'segments.approved_all',
				details: { approved: result.approved, positions: approved, skipped: result.skipped.length }
			});
		}
		const documentApproved = result.approved > 0 && (await afterApprovals(trx, { id: doc.id, title: doc.title, projectId: doc.project.id }, doc.actor));
		await recordSegmentsEvent(trx, {
			documentId: doc.id,
			kind: 'review',
			cause: 'approved',
			actor: actorOf(doc.actor),
			segmentIds: approvedIds,
			extra: documentApproved ? { documentState: 'approved' } : undefined
		});
		return { ...result, documentApproved };
	});
}
