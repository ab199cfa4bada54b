import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type Database } from '../db/db';
import { DomainError } from '../errors';
import { membership, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import type { JobState } from '../db/schema.generated';
import type { JobKind } from './kind';
import { transactionalQueue, transactionDb } from './queue';
import { kickJobWorker } from './worker';

export type { JobContext, JobKind, JobKindOptions } from './kind';
export { defineJob, JobRefusal } from './kind';

export interface JobError {
	item?: string | number;
	message: string;
}

export interface Job {
	id: number;
	kind: string;
	projectId: number;
	documentId: number | null;
	createdBy: number | null;
	state: JobState;
	done: number;
	total: number | null;
	/** The items that failed (at most MAX_STORED_ERRORS) and, once failed, why the job did. */
	errors: JobError[];
	/** How many items failed in all, stored or not. */
	errorCount: number;
	result: unknown;
	createdAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
}

/** A job as a member of its project sees it, with their membership. */
export type JobAccess = Job & Membership;

export { MAX_STORED_ERRORS } from './limits';

export interface JobOwner {
	projectId: number;
	documentId?: number | null;
	createdBy: number;
}

/**
 * Queues a job. With a transaction for `db` the job exists only if that transaction commits:
 * Rendition's row and pg-boss's job are both written through it (on Postgres and on the embedded
 * database alike), so a rolled-back import leaves no job behind.
 */
export async function enqueue<P>(db: Database, kind: JobKind<P>, payload: P, who: JobOwner): Promise<{ jobId: number }> {
	const { name, options } = kind;
	const jobId = await inTransaction(db, async (trx) => {
		const queueJobId = randomUUID();
		const row = await trx
			.insertInto('jobs')
			.values({
				kind: name,
				projectId: who.projectId,
				documentId: who.documentId ?? null,
				createdBy: who.createdBy,
				payload: JSON.stringify(payload ?? null),
				queueJobId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const sent = await transactionalQueue.send(
			name,
			{ jobId: row.id },
			{
				id: queueJobId,
				db: transactionDb(trx),
				expireInSeconds: options.expireInSeconds,
				retryLimit: options.retryLimit,
				retryDelay: options.retryDelaySeconds,
				retryBackoff: true
			}
		);
		// pg-boss inserts nothing for a queue that does not exist.
		if (sent === null) throw new Error(`No job queue "${name}": add the kind to JOB_KINDS (src/lib/server/jobs/registry.ts) so that start-up creates it.`);
		return row.id;
	});
	// Inside a caller's transaction the job is not visible until it commits: the next poll finds it.
	if (!db.isTransaction) kickJobWorker();
	return { jobId };
}

const jobColumns = [
	'jobs.id',
	'jobs.kind',
	'jobs.projectId',
	'jobs.documentId',
	'jobs.createdBy',
	'jobs.state',
	'jobs.done',
	'jobs.total',
	'jobs.errors',
	'jobs.errorCount',
	'jobs.result',
	'jobs.createdAt',
	'jobs.startedAt',
	'jobs.finishedAt'
] as const;

/** The job for a member of its project; null for anyone else, so that ids do not leak. */
export async function findJobForMember(db: Database, actor: AuthUser, jobId: number): Promise<JobAccess | null> {
	const row = await db
		.selectFrom('jobs')
		.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'jobs.projectId').on('me.userId', '=', actor.id))
		.select([...jobColumns, 'me.role'])
		.where('jobs.id', '=', jobId)
		.executeTakeFirst();
	if (!row) return null;
	const { role, ...job } = row;
	return { ...toJob(job), ...membership(actor, role) };
}

type JobRow = Omit<Job, 'errors'> & { errors: unknown };

// errors is jsonb: only the worker writes it, always as a list of { item?, message }.
const toJob = (row: JobRow): Job => ({ ...row, errors: row.errors as JobError[] });

/** The job as it is now, for whoever already holds its access (a poll after the first lookup). */
export async function getJob(db: Database, jobId: number): Promise<Job | null> {
	const row = await db.selectFrom('jobs').select(jobColumns).where('jobs.id', '=', jobId).executeTakeFirst();
	return row ? toJob(row) : null;
}

/**
 * Cancels a queued or running job: by the member who started it, or a project owner. A running
 * handler is told through its signal within seconds; what it already wrote stays.
 */
export async function cancelJob(db: Database, job: JobAccess): Promise<Job> {
	if (job.createdBy !== job.actor.id && !job.may.manage)
		throw new DomainError('forbidden', 'Only the member who started a job, or a project owner, cancels it.');
	return inTransaction(db, async (trx) => {
		const cancelled = await trx
			.updateTable('jobs')
			.set({ state: 'cancelled', finishedAt: sql`now()`, updatedAt: sql`now()` })
			.where('id', '=', job.id)
			.where('state', 'in', ['queued', 'running'])
			.returning('queueJobId')
			.executeTakeFirst();
		if (!cancelled) throw new DomainError('conflict', 'The job has already finished.');
		await transactionalQueue.cancel(job.kind, cancelled.queueJobId, { db: transactionDb(trx) });
		const after = await getJob(trx, job.id);
		if (!after) throw new DomainError('not_found', 'No such job.');
		return after;
	});
}
