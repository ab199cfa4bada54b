import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { currentDatabase, type DatabaseHandle } from '../db/db';
import { isDatabaseUnavailable, unavailableReason } from '../db/unavailable';
import { JobRefusal, type JobKind } from './kind';
import { JOB_KINDS } from './registry';
import { queueClient, queueConnection, type QueueConnection } from './queue';
import { JobRun, JobStopped } from './run';

export interface JobWorkerOptions {
	kinds?: readonly JobKind<never>[];
	/** How often an idle worker asks the queue for work, per kind. */
	pollIntervalMs?: number;
	/** How often pg-boss looks for runs past their time limit (and archives), and the worker reconciles its records with the queue. */
	maintenanceIntervalSeconds?: number;
	/** How often a running job's record is read, to notice a cancellation. */
	watchIntervalMs?: number;
	/** How long stop() waits for handlers to return after their signal was aborted. */
	stopTimeoutMs?: number;
	/** The app's own worker ends by itself once the app's database is closed or replaced (tests do both). */
	followAppDatabase?: boolean;
}

const INTERRUPTED = 'The app stopped while the job ran.';

/**
 * Runs the jobs of its kinds from pg-boss's queue: one at a time per kind in this process, any
 * number of processes. Its own loop (rather than pg-boss's work()) awaits every completion, so a
 * database outage is a logged wait rather than an unhandled rejection.
 */
export class JobWorker {
	readonly #handle: DatabaseHandle;
	readonly #kinds: readonly JobKind<never>[];
	readonly #options: Required<Omit<JobWorkerOptions, 'kinds'>>;
	readonly #connection: QueueConnection;
	readonly #boss: PgBoss;
	readonly #runs = new Set<JobRun>();
	#loops: Promise<void>[] = [];
	#sweeper: ReturnType<typeof setInterval> | undefined;
	#wake = new Set<() => void>();
	#stopping = false;
	#databaseAway = false;

	constructor(handle: DatabaseHandle, options: JobWorkerOptions = {}) {
		this.#handle = handle;
		this.#kinds = options.kinds ?? JOB_KINDS;
		this.#options = {
			pollIntervalMs: 2_000,
			maintenanceIntervalSeconds: 30,
			watchIntervalMs: 2_000,
			stopTimeoutMs: 10_000,
			followAppDatabase: false,
			...options
		};
		this.#connection = queueConnection(
			handle,
			(e) => this.#report(e, 'The job queue failed'),
			() => (this.#databaseAway = false)
		);
		this.#boss = queueClient(this.#connection.db, { supervise: true, migrate: true, maintenanceIntervalSeconds: this.#options.maintenanceIntervalSeconds });
		this.#boss.on('error', (e) => this.#report(e, 'The job queue’s maintenance failed'));
	}

	/** Installs or migrates pg-boss's schema, creates the kinds' queues, and starts working them. */
	async start(): Promise<void> {
		await this.#installQueue();
		// The embedded database has one process (its folder is locked): a job still marked as
		// running was left by a process that is gone, and runs again now, not after its time limit.
		if (this.#handle.kind === 'embedded') await this.#retryInterrupted();
		await this.sweep(0);
		this.#loops = this.#kinds.map((kind) => this.#loop(kind));
		this.#sweeper = setInterval(() => {
			if (this.#orphaned()) void this.stop();
			else void this.sweep().catch((e) => this.#report(e, 'Reconciling jobs failed'));
		}, this.#options.maintenanceIntervalSeconds * 1000);
		this.#sweeper.unref();
	}

	/**
	 * Installs or migrates pg-boss's schema and creates the queues. pg-boss 10 does not serialise
	 * that between processes: several app processes starting together on a new database raced
	 * ("type job_state already exists", deadlocks). On Postgres one process at a time does it,
	 * under a session lock on a connection of the app's own pool; the embedded database has one.
	 */
	async #installQueue(): Promise<void> {
		const install = async () => {
			await this.#boss.start();
			for (const kind of this.#kinds) await this.#boss.createQueue(kind.name);
		};
		if (this.#handle.kind === 'embedded') return install();
		await this.#handle.db.connection().execute(async (conn) => {
			await sql`select pg_advisory_lock(${QUEUE_INSTALL_LOCK})`.execute(conn);
			try {
				await install();
			} finally {
				await sql`select pg_advisory_unlock(${QUEUE_INSTALL_LOCK})`.execute(conn);
			}
		});
	}

	/** Asks the queue for work now (after an enqueue) instead of at the next poll. */
	kick(): void {
		for (const wake of this.#wake) wake();
	}

	/** Stops fetching, tells running handlers to stop, and puts their jobs back in the queue. */
	async stop(): Promise<void> {
		if (this.#stopping) return;
		this.#stopping = true;
		clearInterval(this.#sweeper);
		for (const run of this.#runs) run.stop(new JobStopped('stopping', INTERRUPTED));
		this.kick();
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([Promise.all(this.#loops), new Promise((resolve) => (timer = setTimeout(resolve, this.#options.stopTimeoutMs)))]);
		clearTimeout(timer);
		await this.#boss.stop({ graceful: false, close: false }).catch(() => undefined);
		await this.#connection.close().catch(() => undefined);
	}

	#orphaned(): boolean {
		return this.#options.followAppDatabase && currentDatabase() !== this.#handle;
	}

	async #loop(kind: JobKind<never>): Promise<void> {
		while (!this.#stopping) {
			if (this.#orphaned()) {
				void this.stop();
				return;
			}
			let worked = false;
			try {
				const [job] = await this.#boss.fetch<{ jobId: number }>(kind.name, { batchSize: 1, includeMetadata: true });
				if (job && !this.#stopping) {
					worked = true;
					await this.#run(kind, job);
				} else if (job) {
					await this.#boss.fail(kind.name, job.id, { message: INTERRUPTED });
				}
			} catch (e) {
				this.#report(e, `Running a ${kind.name} job failed`);
			}
			if (!worked) await this.#sleep(this.#options.pollIntervalMs);
		}
	}

	async #run(kind: JobKind<never>, job: PgBoss.JobWithMetadata<{ jobId: number }>): Promise<void> {
		const db = this.#handle.db;
		const claimed = await db
			.updateTable('jobs')
			.set({ state: 'running', attempts: sql`attempts + 1`, startedAt: sql`coalesce(started_at, now())`, updatedAt: sql`now()` })
			.where('queueJobId', '=', job.id)
			.where('state', 'in', ['queued', 'running'])
			.returning(['id', 'attempts', 'payload'])
			.executeTakeFirst();
		// Finished, cancelled or deleted with its project: the queue's job has nothing left to do.
		if (!claimed) return void (await this.#boss.complete(kind.name, job.id));
		const run = new JobRun(
			db,
			{ id: claimed.id, attempt: claimed.attempts, payload: claimed.payload },
			kind.options.expireInSeconds * 1000,
			this.#options.watchIntervalMs
		);
		this.#runs.add(run);
		try {
			const outcome = await run.execute(kind.handler);
			if (outcome.kind === 'done') {
				if (await run.finish(outcome.result)) await this.#boss.complete(kind.name, job.id);
			} else if (outcome.kind === 'failed') {
				const last = outcome.error instanceof JobRefusal || job.retryCount >= job.retryLimit;
				if (!last) console.error(`A ${kind.name} job (${claimed.id}) failed and will be tried again:`, outcome.error);
				if (await run.fail(outcome.message, last)) await this.#boss.fail(kind.name, job.id, { message: outcome.message });
			}
			// Cancelled or taken over: the record already says so, and another run (or none) goes on.
		} finally {
			this.#runs.delete(run);
			run.dispose();
		}
	}

	/**
	 * Brings unfinished records in line with the queue, for what no run of ours could record: a
	 * run past its time limit that pg-boss failed or put back (a process that crashed), a job it
	 * gave up on, one cancelled or lost in the queue. Looks only at records quiet for `quietMs`.
	 */
	async sweep(quietMs = 10_000): Promise<void> {
		const db = this.#handle.db;
		const rows = await db
			.selectFrom('jobs')
			.select(['id', 'kind', 'queueJobId', 'state', 'attempts'])
			.where('state', 'in', ['queued', 'running'])
			.where('updatedAt', '<', sql<Date>`now() - ${`${quietMs} milliseconds`}::interval`)
			.orderBy('id')
			.limit(200)
			.execute();
		for (const row of rows) {
			const queued = await this.#boss.getJobById<unknown>(row.kind, row.queueJobId, { includeArchive: true });
			const next = queueOutcome(queued, row.state);
			if (!next) continue;
			await db
				.updateTable('jobs')
				.set({
					state: next.state,
					updatedAt: sql`now()`,
					...(next.state === 'queued' ? {} : { finishedAt: sql`now()` }),
					...(next.message ? { errors: sql`errors || ${JSON.stringify([{ message: next.message }])}::jsonb` } : {})
				})
				.where('id', '=', row.id)
				.where('state', '=', row.state)
				.where('attempts', '=', row.attempts)
				.execute();
		}
	}

	async #retryInterrupted(): Promise<void> {
		const rows = await this.#handle.db.selectFrom('jobs').select(['kind', 'queueJobId']).where('state', '=', 'running').execute();
		for (const row of rows) {
			const queued = await this.#boss.getJobById(row.kind, row.queueJobId);
			if (queued?.state === 'active') await this.#boss.fail(row.kind, row.queueJobId, { message: INTERRUPTED });
		}
	}

	#sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.#wake.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.#wake.add(done);
		});
	}

	// The worker polls every few seconds: an outage is one line, not a stack trace each time.
	#report(e: unknown, context: string): void {
		if (this.#stopping || this.#orphaned()) return;
		if (!isDatabaseUnavailable(e)) {
			console.error(context, e);
			return;
		}
		if (!this.#databaseAway) console.warn(`Background jobs wait for the database (${unavailableReason(e)}).`);
		this.#databaseAway = true;
	}
}

/** What an unfinished record becomes given its queue job's state, or null while they agree. */
function queueOutcome(
	queued: PgBoss.JobWithMetadata<unknown> | null,
	state: 'queued' | 'running' | string
): { state: 'queued' | 'failed' | 'cancelled'; message?: string } | null {
	if (!queued) return { state: 'failed', message: 'The job queue no longer has this job.' };
	switch (queued.state) {
		case 'active':
			return null;
		case 'created':
		case 'retry':
			return state === 'running' ? { state: 'queued' } : null;
		case 'cancelled':
			return { state: 'cancelled' };
		case 'failed':
			return { state: 'failed', message: failureMessage(queued.output) };
		case 'completed':
			return { state: 'failed', message: 'The job ended without recording its outcome.' };
	}
}

function failureMessage(output: unknown): string {
	const o = output as { message?: unknown; value?: { message?: unknown } } | null;
	const message = typeof o?.message === 'string' ? o.message : typeof o?.value?.message === 'string' ? o.value.message : null;
	if (!message || /failed by timeout/.test(message)) return 'The job did not finish within its time limit, however often it was tried.';
	return message;
}

const QUEUE_INSTALL_LOCK = 7_301_020;

const slot = globalThis as typeof globalThis & { __renditionJobs?: JobWorker };

/** Starts the app's job worker on `handle` (stopping any earlier one); resolves once its queues exist. */
export async function startJobWorker(handle: DatabaseHandle, options: JobWorkerOptions = {}): Promise<void> {
	await stopJobWorker();
	const worker = new JobWorker(handle, { followAppDatabase: true, ...options });
	try {
		await worker.start();
	} catch (e) {
		await worker.stop();
		throw e;
	}
	slot.__renditionJobs = worker;
}

export async function stopJobWorker(): Promise<void> {
	const worker = slot.__renditionJobs;
	slot.__renditionJobs = undefined;
	await worker?.stop();
}

/** After an enqueue: the app's worker asks for work now. */
export function kickJobWorker(): void {
	slot.__renditionJobs?.kick();
}
