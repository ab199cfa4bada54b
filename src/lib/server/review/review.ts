import { sql, type Transaction } from 'kysely';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { recordAudit } from '../activity/audit';
import { notify, type NewNotification } from '../activity/notifications';
import { requireCan } from '../permissions';
import { documentState, REASON_LABELS, segmentTransition, type DocumentState } from '../../review/transitions';
import type { DB, ProjectRole, ReviewReason, SegmentState } from '../db/schema.generated';

/** What the review actions need to know about the document and the caller's place in it. */
export interface ReviewDocument {
	id: number;
	title: string;
	role: ProjectRole;
	project: { id: number };
}

export interface ReviewSegmentRef {
	id: number;
	documentId: number;
	projectId: number;
	role: ProjectRole;
}

export interface RoundSummary {
	id: number;
	number: number;
	submittedBy: string | null;
	note: string;
	createdAt: Date;
	segments: number;
}

type Trx = Transaction<DB>;

async function userName(trx: Trx, userId: number): Promise<string> {
	const row = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
	return row?.name ?? 'Someone';
}

async function stateCounts(trx: Trx, documentId: number): Promise<Partial<Record<SegmentState, number>>> {
	const rows = await trx
		.selectFrom('segments')
		.select(['state', sql<number>`count(*)::int`.as('n')])
		.where('documentId', '=', documentId)
		.groupBy('state')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** The document's state from its segments' (see transitions.ts); every document page asks, so one statement. */
export async function getDocumentState(documentId: number): Promise<{ state: DocumentState; counts: Partial<Record<SegmentState, number>>; round: number }> {
	const { rows } = await sql<{ state: SegmentState; n: number; round: number }>`
		select state, count(*)::int as n,
			(select coalesce(max(number), 0) from review_rounds where document_id = ${documentId})::int as round
		from segments where document_id = ${documentId}
		group by state`.execute(getDb());
	const counts: Partial<Record<SegmentState, number>> = Object.fromEntries(rows.map((r) => [r.state, r.n]));
	return { state: documentState(counts), counts, round: rows[0]?.round ?? 0 };
}

/**
 * Submits every segment that is ready (edited, unchanged MT, or sent back) as a new review
 * round: an immutable snapshot of the revision each segment has now. Refused while a segment
 * has no translation, or when there is nothing new to review.
 */
export async function submitDocument(doc: ReviewDocument, actorId: number, note = ''): Promise<{ round: number; submitted: number }> {
	requireCan(doc.role, 'submit');
	return getDb()
		.transaction()
		.execute(async (trx) => {
			// One submission at a time per document: round numbers stay gapless and unique.
			await trx.selectFrom('documents').select('id').where('id', '=', doc.id).forUpdate().executeTakeFirstOrThrow();
			const counts = await stateCounts(trx, doc.id);
			const untranslated = counts.untranslated ?? 0;
			if (untranslated > 0) {
				throw new DomainError(
					'conflict',
					`${untranslated} segment${untranslated === 1 ? ' has' : 's have'} no translation yet; translate ${untranslated === 1 ? 'it' : 'them'} before submitting.`
				);
			}
			const ready = await trx
				.updateTable('segments')
				.set({ state: 'submitted', updatedAt: new Date() })
				.where('documentId', '=', doc.id)
				.where('state', 'in', ['edited', 'mt', 'changes_requested'])
				.returning('id')
				.execute();
			if (ready.length === 0) {
				throw new DomainError('conflict', 'Nothing to submit: every segment is already submitted or approved.');
			}
			const last = await trx
				.selectFrom('reviewRounds')
				.select((eb) => eb.fn.max<number | null>('number').as('n'))
				.where('documentId', '=', doc.id)
				.executeTakeFirst();
			const number = (last?.n ?? 0) + 1;
			const round = await trx
				.insertInto('reviewRounds')
				.values({ documentId: doc.id, number, submittedBy: actorId, note: note.trim() })
				.returning('id')
				.executeTakeFirstOrThrow();
			await sql`insert into review_round_segments (round_id, segment_id, revision_id)
				select ${round.id}, id, current_revision_id from segments where document_id = ${doc.id}`.execute(trx);
			await recordAudit(trx, {
				projectId: doc.project.id,
				documentId: doc.id,
				actorId,
				action: 'document.submitted',
				details: { round: number, segments: ready.length, note: note.trim() || undefined }
			});
			const name = await userName(trx, actorId);
			const reviewers = await membersWithRole(trx, doc.project.id, ['reviewer']);
			const recipients = reviewers.length > 0 ? reviewers : await membersWithRole(trx, doc.project.id, ['owner']);
			await notify(
				trx,
				recipients.map((userId) => ({
					userId,
					kind: 'review_requested' as const,
					actorId,
					documentId: doc.id,
					message: `${name} submitted “${doc.title}” for review (round ${number}, ${ready.length} segment${ready.length === 1 ? '' : 's'}).`
				}))
			);
			return { round: number, submitted: ready.length };
		});
}

async function membersWithRole(trx: Trx, projectId: number, roles: ProjectRole[]): Promise<number[]> {
	const rows = await trx
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select('users.id')
		.where('projectMembers.projectId', '=', projectId)
		.where('projectMembers.role', 'in', roles)
		.where('users.disabledAt', 'is', null)
		.execute();
	return rows.map((r) => r.id);
}

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
async function lockSegment(trx: Trx, segmentId: number): Promise<LockedSegment> {
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
	if (!rows[0]) throw new DomainError('not_found', 'No such segment.');
	return rows[0];
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
async function afterApprovals(trx: Trx, doc: { id: number; title: string; projectId: number }, actorId: number): Promise<boolean> {
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
	const name = await userName(trx, actorId);
	await notify(
		trx,
		submitters.map((s) => ({
			userId: s.submittedBy!,
			kind: 'document_approved' as const,
			actorId,
			documentId: doc.id,
			message: `${name} approved the last segment of “${doc.title}”: the document is approved.`
		}))
	);
	return true;
}

/** Approves one segment at `revisionId`, which must still be its current revision. */
export async function approveSegment(ref: ReviewSegmentRef, actorId: number, revisionId: number): Promise<{ state: SegmentState; documentApproved: boolean }> {
	requireCan(ref.role, 'review');
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const seg = await lockSegment(trx, ref.id);
			requireCurrent(seg, revisionId);
			const transition = segmentTransition(seg.state, 'approve');
			if (!transition.ok) throw new DomainError('conflict', transition.message);
			const refusal = fourEyesRefusal(seg, actorId);
			if (refusal) throw new DomainError('forbidden', refusal);
			await approveLocked(trx, seg, actorId);
			await recordAudit(trx, {
				projectId: seg.projectId,
				documentId: seg.documentId,
				segmentId: seg.id,
				actorId,
				action: 'segment.approved',
				details: { revisionId, position: seg.position, fourEyes: seg.fourEyes }
			});
			const documentApproved = await afterApprovals(trx, { id: seg.documentId, title: seg.title, projectId: seg.projectId }, actorId);
			return { state: transition.to, documentApproved };
		});
}

/** Sends a segment back to the translator with a reason; the comment opens the segment's thread. */
export async function rejectSegment(
	ref: ReviewSegmentRef,
	actorId: number,
	input: { revisionId: number; reason: ReviewReason; comment: string }
): Promise<{ state: SegmentState }> {
	requireCan(ref.role, 'review');
	const comment = input.comment.trim();
	if (input.reason === 'other' && !comment) {
		throw new DomainError('invalid', 'Say what is wrong: a comment is required when the reason is “Other”.', 'comment');
	}
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const seg = await lockSegment(trx, ref.id);
			requireCurrent(seg, input.revisionId);
			const transition = segmentTransition(seg.state, 'reject');
			if (!transition.ok) throw new DomainError('conflict', transition.message);
			await trx.updateTable('segments').set({ state: transition.to, updatedAt: new Date() }).where('id', '=', seg.id).execute();
			const review = await trx
				.insertInto('segmentReviews')
				.values({
					segmentId: seg.id,
					revisionId: input.revisionId,
					roundId: seg.roundId,
					reviewerId: actorId,
					decision: 'changes_requested',
					reason: input.reason,
					comment,
					fourEyes: seg.fourEyes
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('comments')
				.values({ segmentId: seg.id, authorId: actorId, body: comment || REASON_LABELS[input.reason], reviewId: review.id })
				.execute();
			await recordAudit(trx, {
				projectId: seg.projectId,
				documentId: seg.documentId,
				segmentId: seg.id,
				actorId,
				action: 'segment.changes_requested',
				details: { revisionId: input.revisionId, position: seg.position, reason: input.reason, comment: comment || undefined }
			});
			const name = await userName(trx, actorId);
			const told: NewNotification[] = [seg.authorId, seg.roundSubmittedBy]
				.filter((id): id is number => id !== null)
				.map((userId) => ({
					userId,
					kind: 'changes_requested' as const,
					actorId,
					documentId: seg.documentId,
					segmentId: seg.id,
					message: `${name} sent back segment ${seg.position} of “${seg.title}”: ${REASON_LABELS[input.reason]}${comment ? ` — ${comment.slice(0, 140)}` : ''}`
				}));
			await notify(trx, told);
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
export async function approveAllRemaining(doc: ReviewDocument, actorId: number): Promise<ApproveAllResult & { documentApproved: boolean }> {
	requireCan(doc.role, 'review');
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const ids = await trx
				.selectFrom('segments')
				.select('id')
				.where('documentId', '=', doc.id)
				.where('state', '=', 'submitted')
				.orderBy('position')
				.execute();
			const result: ApproveAllResult = { approved: 0, skipped: [] };
			const approved: number[] = [];
			for (const { id } of ids) {
				const seg = await lockSegment(trx, id);
				// Checked again under the lock: a save may have taken it out of review meanwhile.
				if (seg.state !== 'submitted') continue;
				const refusal = fourEyesRefusal(seg, actorId);
				if (refusal) {
					result.skipped.push({ segmentId: seg.id, position: seg.position, why: refusal });
					continue;
				}
				await approveLocked(trx, seg, actorId);
				approved.push(seg.position);
				result.approved++;
			}
			if (result.approved > 0) {
				await recordAudit(trx, {
					projectId: doc.project.id,
					documentId: doc.id,
					actorId,
					action: 'segments.approved_all',
					details: { approved: result.approved, positions: approved, skipped: result.skipped.length }
				});
			}
			const documentApproved = result.approved > 0 && (await afterApprovals(trx, { id: doc.id, title: doc.title, projectId: doc.project.id }, actorId));
			return { ...result, documentApproved };
		});
}

export async function listRounds(documentId: number): Promise<RoundSummary[]> {
	return getDb()
		.selectFrom('reviewRounds as r')
		.leftJoin('users', 'users.id', 'r.submittedBy')
		.select([
			'r.id',
			'r.number',
			'users.name as submittedBy',
			'r.note',
			'r.createdAt',
			(eb) => eb.selectFrom('reviewRoundSegments').select(sql<number>`count(*)::int`.as('n')).whereRef('roundId', '=', 'r.id').as('segments')
		])
		.where('r.documentId', '=', documentId)
		.orderBy('r.number', 'desc')
		.execute() as Promise<RoundSummary[]>;
}

/** segment id → the revision it had in round `number` of the document. */
export async function roundRevisions(documentId: number, number: number): Promise<Map<number, number | null>> {
	const rows = await getDb()
		.selectFrom('reviewRoundSegments as rs')
		.innerJoin('reviewRounds as r', 'r.id', 'rs.roundId')
		.select(['rs.segmentId', 'rs.revisionId'])
		.where('r.documentId', '=', documentId)
		.where('r.number', '=', number)
		.execute();
	return new Map(rows.map((r) => [r.segmentId, r.revisionId]));
}

export interface QueueItem {
	documentId: number;
	title: string;
	projectSlug: string;
	projectName: string;
	segments: number;
	waiting: number;
	round: number;
	submittedBy: string | null;
	submittedAt: Date;
}

/** Documents with segments waiting for review in the user's projects (as owner or reviewer), oldest first. */
export async function reviewQueue(userId: number): Promise<QueueItem[]> {
	const { rows } = await sql<QueueItem>`
		select d.id as "documentId", d.title, p.slug as "projectSlug", p.name as "projectName", d.segment_count as segments,
			w.waiting, r.number as round, u.name as "submittedBy", r.created_at as "submittedAt"
		from documents d
		join projects p on p.id = d.project_id
		join project_members me on me.project_id = p.id and me.user_id = ${userId} and me.role in ('owner', 'reviewer')
		join lateral (select count(*)::int as waiting from segments s where s.document_id = d.id and s.state = 'submitted') w on w.waiting > 0
		join lateral (select * from review_rounds rr where rr.document_id = d.id order by rr.number desc limit 1) r on true
		left join users u on u.id = r.submitted_by
		order by r.created_at, d.id`.execute(getDb());
	return rows;
}

/** Turns four-eyes on or off for a project; recorded in the audit log. */
export async function setFourEyes(project: { id: number; role: ProjectRole }, actorId: number, on: boolean): Promise<void> {
	requireCan(project.role, 'manage');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const before = await trx.selectFrom('projects').select('fourEyes').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
			if (before.fourEyes === on) return;
			await trx.updateTable('projects').set({ fourEyes: on }).where('id', '=', project.id).execute();
			await recordAudit(trx, { projectId: project.id, actorId, action: 'project.four_eyes', details: { from: before.fourEyes, to: on } });
		});
}

export async function fourEyesOf(projectId: number): Promise<boolean> {
	const row = await getDb().selectFrom('projects').select('fourEyes').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.fourEyes;
}

export interface LastReview {
	decision: 'approved' | 'changes_requested';
	reason: ReviewReason | null;
	comment: string;
	reviewer: string | null;
	revisionId: number;
	createdAt: Date;
}

export interface ReviewSegmentInfo {
	segmentId: number;
	/** The current revision's author and whether a reviewer wrote it during review. */
	authorId: number | null;
	author: string | null;
	inReview: boolean;
	/** The stored word diff of the current revision from its parent (a reviewer's tracked change). */
	diffFromParent: unknown;
	parentText: string | null;
	approvedRevisionId: number | null;
	approvedText: string | null;
	lastReview: LastReview | null;
}

/** Per segment of the document: what the review screens show beside the text. */
export async function reviewInfo(documentId: number): Promise<Map<number, ReviewSegmentInfo>> {
	const { rows } = await sql<ReviewSegmentInfo & { lastDecision: LastReview['decision'] | null; lastReason: ReviewReason | null; lastComment: string | null; lastReviewer: string | null; lastRevisionId: number | null; lastAt: Date | null }>`
		select s.id as "segmentId", cur.author_id as "authorId", au.name as author, coalesce(cur.in_review, false) as "inReview",
			case when cur.in_review then cur.diff end as "diffFromParent", parent.text as "parentText",
			s.approved_revision_id as "approvedRevisionId", ap.text as "approvedText",
			lr.decision as "lastDecision", lr.reason as "lastReason", lr.comment as "lastComment", ru.name as "lastReviewer",
			lr.revision_id as "lastRevisionId", lr.created_at as "lastAt"
		from segments s
		left join revisions cur on cur.id = s.current_revision_id
		left join users au on au.id = cur.author_id
		left join revisions parent on parent.id = cur.parent_id and cur.in_review
		left join revisions ap on ap.id = s.approved_revision_id
		left join lateral (select * from segment_reviews sr where sr.segment_id = s.id order by sr.id desc limit 1) lr on true
		left join users ru on ru.id = lr.reviewer_id
		where s.document_id = ${documentId}`.execute(getDb());
	return new Map(
		rows.map((r) => [
			r.segmentId,
			{
				segmentId: r.segmentId,
				authorId: r.authorId,
				author: r.author,
				inReview: r.inReview,
				diffFromParent: r.diffFromParent,
				parentText: r.parentText,
				approvedRevisionId: r.approvedRevisionId,
				approvedText: r.approvedText,
				lastReview: r.lastDecision
					? { decision: r.lastDecision, reason: r.lastReason, comment: r.lastComment ?? '', reviewer: r.lastReviewer, revisionId: r.lastRevisionId!, createdAt: r.lastAt! }
					: null
			}
		])
	);
}

/** segment id → text it had in round `number`, for "what changed since round N". */
export async function roundTexts(documentId: number, number: number): Promise<Map<number, string>> {
	const rows = await getDb()
		.selectFrom('reviewRoundSegments as rs')
		.innerJoin('reviewRounds as r', 'r.id', 'rs.roundId')
		.innerJoin('revisions as rev', 'rev.id', 'rs.revisionId')
		.select(['rs.segmentId', 'rev.text'])
		.where('r.documentId', '=', documentId)
		.where('r.number', '=', number)
		.execute();
	return new Map(rows.map((r) => [r.segmentId, r.text]));
}
