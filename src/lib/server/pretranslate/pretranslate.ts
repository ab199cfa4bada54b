import { inTransaction, type Database, type Trx } from '../db/db';
import { DomainError } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import * as jobs from '../jobs/jobs';
import { kickJobWorker } from '../jobs/worker';
import type { DocumentAccess } from '../documents/documents';
import { countWithoutTranslation } from './fill';
import { pretranslateJob } from './job';
import { pretranslateSettings, type PretranslateMode } from './settings';

// Pre-translation's door: who may start it (those who may translate: owners and translators),
// when it can run (the project has an engine or a pre-fill score), and the job it queues. One
// job per document at a time: asking again while one is queued or running answers that one.

export interface PretranslateOffer {
	engine: { id: number; name: string } | null;
	prefillScore: number | null;
	/** Segments with no translation yet. */
	empty: number;
	/** A pre-translation of this document queued or running now. */
	activeJobId: number | null;
}

const NOTHING_TO_USE =
	'This project has no MT engine and no translation-memory pre-fill score, so there is nothing to pre-translate with: a project owner can choose an engine on the Members page, or set a pre-fill score for the memory.';

/** What the document page offers: null when this member may not pre-translate or the project has nothing to do it with. */
export async function pretranslateOffer(db: Database, doc: DocumentAccess): Promise<PretranslateOffer | null> {
	if (!doc.may.translate) return null;
	const settings = await pretranslateSettings(db, doc.project.id);
	if (settings.engineId === null && settings.prefillScore === null) return null;
	const [empty, active] = await Promise.all([countWithoutTranslation(db, doc.id), activeJob(db, doc.id)]);
	return {
		engine: settings.engineId === null ? null : { id: settings.engineId, name: settings.engineName ?? '' },
		prefillScore: settings.prefillScore,
		empty,
		activeJobId: active
	};
}

/**
 * Queues the pre-translation of every segment of the document that has no translation yet.
 * `created: false` when one was already queued or running: that one's id is answered.
 */
export async function pretranslate(db: Database, doc: DocumentAccess): Promise<{ jobId: number; created: boolean }> {
	requireAllowed(doc, 'translate');
	const settings = await pretranslateSettings(db, doc.project.id);
	if (settings.engineId === null && settings.prefillScore === null) throw new DomainError('conflict', NOTHING_TO_USE);
	const queued = await inTransaction(db, async (trx) => {
		// Two clicks at once queue one job: the second waits here and finds the first.
		await trx.selectFrom('documents').select('id').where('id', '=', doc.id).forUpdate().executeTakeFirstOrThrow();
		const running = await activeJob(trx, doc.id);
		if (running !== null) return { jobId: running, created: false };
		if ((await countWithoutTranslation(trx, doc.id)) === 0) {
			throw new DomainError('conflict', 'Every segment of this document already has a translation: there is nothing to pre-translate.');
		}
		const { jobId } = await queue(trx, doc.project.id, doc.id, doc.actor.id, 'all');
		return { jobId, created: true };
	});
	// Queued inside a transaction, the job waits for the worker's next poll; the member is watching.
	if (queued.created && !db.isTransaction) kickJobWorker();
	return queued;
}

/**
 * The pre-fill at import, inside the import's transaction: a document that came without MT into
 * a project with a pre-fill score gets a memory-only pre-translation, by the member who imported it.
 */
export async function prefillAtImport(trx: Trx, project: { id: number }, documentId: number, authorId: number): Promise<number | null> {
	const settings = await pretranslateSettings(trx, project.id);
	if (settings.prefillScore === null) return null;
	return (await queue(trx, project.id, documentId, authorId, 'tm')).jobId;
}

async function queue(trx: Trx, projectId: number, documentId: number, userId: number, mode: PretranslateMode): Promise<{ jobId: number }> {
	const queued = await jobs.enqueue(trx, pretranslateJob, { documentId, userId, mode }, { projectId, documentId, createdBy: userId });
	await recordAudit(trx, { projectId, documentId, actorId: userId, action: 'document.pretranslate_started', details: { mode, jobId: queued.jobId } });
	return queued;
}

async function activeJob(db: Database, documentId: number): Promise<number | null> {
	const row = await db
		.selectFrom('jobs')
		.select('id')
		.where('documentId', '=', documentId)
		.where('kind', '=', pretranslateJob.name)
		.where('state', 'in', ['queued', 'running'])
		.orderBy('id', 'desc')
		.executeTakeFirst();
	return row?.id ?? null;
}
