import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { recordSegmentsEvent } from '../live/record';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { notify } from '../activity/notifications';
import { switchSchema, textSchema } from '../../validation';
import { confirmAllReady } from '../documents/confirmations';
import { CONFIRMABLE, documentState, type DocumentState } from '../../review/transitions';
import type { DocumentAccess } from '../documents/documents';
import type { ProjectRole, SegmentState } from '../db/schema.generated';

export const MAX_NOTE_CHARS = 2000;

/** What a submission takes, from the workspace's form and the API alike. */
export const submitSchema = z.object({
	note: textSchema(MAX_NOTE_CHARS, `Use at most 2,000 characters in the note for the reviewers.`).optional(),
	/** "Confirm all and submit": the segments not yet confirmed are confirmed (recorded as such) and sent too. */
	includeUnconfirmed: switchSchema('includeUnconfirmed must be true or false.')
});

/** A submission's answer: the round, how many segments went, and how many stay with the translator unconfirmed. */
export interface Submitted {
	round: number;
	submitted: number;
	unconfirmed: number;
}

export interface RoundSummary {
	id: number;
	number: number;
	submittedBy: string | null;
	note: string;
	createdAt: Date;
	segments: number;
}

export type StateCounts = Partial<Record<SegmentState, number>>;

export async function stateCounts(trx: Database, documentId: number): Promise<StateCounts> {
	const rows = await trx
		.selectFrom('segments')
		.select(['state', sql<number>`count(*)::int`.as('n')])
		.where('documentId', '=', documentId)
		.groupBy('state')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Of the segments a submission would send (the translator's), how many are confirmed and how many not yet. */
export interface Readiness {
	confirmed: number;
	unconfirmed: number;
}

/** The document's state from its segments' (see transitions.ts); every document page asks, so one statement. */
export async function getDocumentState(
	db: Database,
	documentId: number
): Promise<{ state: DocumentState; counts: StateCounts; round: number; readiness: Readiness }> {
	const { rows } = await sql<{ state: SegmentState; n: number; confirmed: number; round: number }>`
		select state, count(*)::int as n,
			count(*) filter (where confirmed_revision_id = current_revision_id)::int as confirmed,
			(select coalesce(max(number), 0) from review_rounds where document_id = ${documentId})::int as round
		from segments where document_id = ${documentId}
		group by state`.execute(db);
	const counts: StateCounts = Object.fromEntries(rows.map((r) => [r.state, r.n]));
	const readiness: Readiness = { confirmed: 0, unconfirmed: 0 };
	for (const r of rows.filter((r) => CONFIRMABLE.includes(r.state))) {
		readiness.confirmed += r.confirmed;
		readiness.unconfirmed += r.n - r.confirmed;
	}
	return { state: documentState(counts), counts, round: rows[0]?.round ?? 0, readiness };
}

/**
 * Submits every segment that is ready (edited, unchanged MT, or sent back) and confirmed as a new
 * review round: an immutable snapshot of the revision each segment has now. The unconfirmed stay
 * with the translator, and the answer says how many; with `includeUnconfirmed` they are confirmed
 * first, in the same transaction. Refused while a segment has no translation, or when there is
 * nothing confirmed to review.
 */
export async function submitDocument(db: Database, doc: DocumentAccess, input: Input<typeof submitSchema>): Promise<Submitted> {
	requireAllowed(doc, 'submit');
	const body = validate(submitSchema, input);
	const note = body.note ?? '';
	const actorId = doc.actor.id;
	return inTransaction(db, async (trx) => {
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
		if (body.includeUnconfirmed) await confirmAllReady(trx, doc.id, doc.actor);
		const ready = await trx
			.updateTable('segments')
			.set({ state: 'submitted', updatedAt: new Date() })
			.where('documentId', '=', doc.id)
			.where('state', 'in', CONFIRMABLE)
			.whereRef('confirmedRevisionId', '=', 'currentRevisionId')
			.returning('id')
			.execute();
		const unconfirmed = await countUnconfirmed(trx, doc.id);
		if (ready.length === 0 && unconfirmed > 0) {
			throw new DomainError(
				'conflict',
				`Nothing to submit: none of the ${unconfirmed} segment${unconfirmed === 1 ? '' : 's'} still with you ${unconfirmed === 1 ? 'is' : 'are'} confirmed. Confirm the finished ones (Ctrl+Enter), or confirm all and submit.`
			);
		}
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
			.values({ documentId: doc.id, number, submittedBy: actorId, note })
			.returning('id')
			.executeTakeFirstOrThrow();
		await sql`insert into review_round_segments (round_id, segment_id, revision_id)
			select ${round.id}, id, current_revision_id from segments where document_id = ${doc.id}`.execute(trx);
		await recordAudit(trx, {
			projectId: doc.project.id,
			documentId: doc.id,
			actorId,
			action: 'document.submitted',
			details: { round: number, segments: ready.length, unconfirmed: unconfirmed || undefined, note: note || undefined }
		});
		await tellReviewers(trx, doc, number, ready.length);
		const actor = { id: actorId, name: doc.actor.name };
		await recordSegmentsEvent(trx, { documentId: doc.id, kind: 'review', cause: 'submitted', actor, segmentIds: ready.map((r) => r.id) });
		return { round: number, submitted: ready.length, unconfirmed };
	});
}

/** The translator's segments not yet confirmed: they stay out of a submission. */
async function countUnconfirmed(trx: Trx, documentId: number): Promise<number> {
	const row = await trx
		.selectFrom('segments')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('documentId', '=', documentId)
		.where('state', 'in', CONFIRMABLE)
		.where(sql<boolean>`confirmed_revision_id is distinct from current_revision_id`)
		.executeTakeFirstOrThrow();
	return row.n;
}

/** The project's reviewers hear of a new round; a project without reviewers tells its owners. */
async function tellReviewers(trx: Trx, doc: DocumentAccess, round: number, segments: number): Promise<void> {
	const { id: actorId, name } = doc.actor;
	const reviewers = await membersWithRole(trx, doc.project.id, ['reviewer']);
	const recipients = reviewers.length > 0 ? reviewers : await membersWithRole(trx, doc.project.id, ['owner']);
	await notify(
		trx,
		recipients.map((userId) => ({
			userId,
			kind: 'review_requested' as const,
			actorId,
			documentId: doc.id,
			message: `${name} submitted “${doc.title}” for review (round ${round}, ${segments} segment${segments === 1 ? '' : 's'}).`
		}))
	);
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

export async function listRounds(db: Database, documentId: number): Promise<RoundSummary[]> {
	return db
		.selectFrom('reviewRounds as r')
		.leftJoin('users', 'users.id', 'r.submittedBy')
		.select([
			'r.id',
			'r.number',
			'users.name as submittedBy',
			'r.note',
			'r.createdAt',
			(eb) =>
				eb
					.selectFrom('reviewRoundSegments')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('roundId', '=', 'r.id')
					.as('segments')
		])
		.where('r.documentId', '=', documentId)
		.orderBy('r.number', 'desc')
		.execute() as Promise<RoundSummary[]>;
}

/** The snapshot of round `number` of the document: one row per segment. */
function roundSnapshot(db: Database, documentId: number, number: number) {
	return db
		.selectFrom('reviewRoundSegments as rs')
		.innerJoin('reviewRounds as r', 'r.id', 'rs.roundId')
		.where('r.documentId', '=', documentId)
		.where('r.number', '=', number);
}

/** segment id → the revision it had in round `number` of the document. */
export async function roundRevisions(db: Database, documentId: number, number: number): Promise<Map<number, number | null>> {
	const rows = await roundSnapshot(db, documentId, number).select(['rs.segmentId', 'rs.revisionId']).execute();
	return new Map(rows.map((r) => [r.segmentId, r.revisionId]));
}

/** Every round's snapshot of the document in one query: round number → (segment id → revision). */
export async function roundSnapshots(db: Database, documentId: number): Promise<Map<number, Map<number, number | null>>> {
	const rows = await db
		.selectFrom('reviewRoundSegments as rs')
		.innerJoin('reviewRounds as r', 'r.id', 'rs.roundId')
		.select(['r.number', 'rs.segmentId', 'rs.revisionId'])
		.where('r.documentId', '=', documentId)
		.orderBy('rs.segmentId')
		.execute();
	const byRound = new Map<number, Map<number, number | null>>();
	for (const row of rows) {
		let round = byRound.get(row.number);
		if (!round) byRound.set(row.number, (round = new Map()));
		round.set(row.segmentId, row.revisionId);
	}
	return byRound;
}

/** segment id → text it had in round `number`, for "what changed since round N". */
export async function roundTexts(db: Database, documentId: number, number: number): Promise<Map<number, string>> {
	const rows = await roundSnapshot(db, documentId, number)
		.innerJoin('revisions as rev', 'rev.id', 'rs.revisionId')
		.select(['rs.segmentId', 'rev.text'])
		.execute();
	return new Map(rows.map((r) => [r.segmentId, r.text]));
}
