import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { notify } from '../activity/notifications';
import { textSchema } from '../../validation';
import { documentState, type DocumentState } from '../../review/transitions';
import type { DocumentAccess } from '../documents/documents';
import type { ProjectRole, SegmentState } from '../db/schema.generated';

export const MAX_NOTE_CHARS = 2000;

/** What a submission takes, from the workspace's form and the API alike. */
export const submitSchema = z.object({
	note: textSchema(MAX_NOTE_CHARS, `Use at most 2,000 characters in the note for the reviewers.`).optional()
});

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

/** The document's state from its segments' (see transitions.ts); every document page asks, so one statement. */
export async function getDocumentState(db: Database, documentId: number): Promise<{ state: DocumentState; counts: StateCounts; round: number }> {
	const { rows } = await sql<{ state: SegmentState; n: number; round: number }>`
		select state, count(*)::int as n,
			(select coalesce(max(number), 0) from review_rounds where document_id = ${documentId})::int as round
		from segments where document_id = ${documentId}
		group by state`.execute(db);
	const counts: StateCounts = Object.fromEntries(rows.map((r) => [r.state, r.n]));
	return { state: documentState(counts), counts, round: rows[0]?.round ?? 0 };
}

/**
 * Submits every segment that is ready (edited, unchanged MT, or sent back) as a new review
 * round: an immutable snapshot of the revision each segment has now. Refused while a segment
 * has no translation, or when there is nothing new to review.
 */
export async function submitDocument(db: Database, doc: DocumentAccess, input: Input<typeof submitSchema>): Promise<{ round: number; submitted: number }> {
	requireAllowed(doc, 'submit');
	const note = validate(submitSchema, input).note ?? '';
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
			details: { round: number, segments: ready.length, note: note || undefined }
		});
		await tellReviewers(trx, doc, number, ready.length);
		return { round: number, submitted: ready.length };
	});
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
