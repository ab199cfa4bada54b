import { sql, type UpdateObject } from 'kysely';
import type { DB } from '../db/schema.generated';
import type { Database } from '../db/db';
import type { JobContext } from './kind';
import { MAX_STORED_ERRORS } from './limits';

/** Why a run was told to stop. */
export class JobStopped extends Error {
	constructor(
		readonly why: 'cancelled' | 'stopping' | 'expired' | 'taken_over',
		message: string
	) {
		super(message);
		this.name = 'JobStopped';
	}
}

type JobRecordChange = UpdateObject<DB, 'jobs'>;

export type RunOutcome = { kind: 'done'; result: unknown } | { kind: 'failed'; message: string; error: unknown } | { kind: 'stopped' };

// Progress is saved at most this often: a handler may report every item of a 10,000-item job.
const PROGRESS_EVERY_MS = 200;

/**
 * One run of one job: the handler's context, and every write to the job's record. Each write
 * names the run's attempt number, so a run that was taken over (its time limit passed and
 * another process claimed the job) or cancelled writes nothing more and is told to stop.
 */
export class JobRun {
	readonly #db: Database;
	readonly #job: { id: number; attempt: number; payload: unknown };
	readonly #controller = new AbortController();
	readonly #timers: ReturnType<typeof setTimeout>[] = [];
	#progress: { done: number; total?: number } | null = null;
	#savedAt = 0;

	constructor(db: Database, job: { id: number; attempt: number; payload: unknown }, timeLimitMs: number, watchIntervalMs: number) {
		this.#db = db;
		this.#job = job;
		this.#timers.push(
			setTimeout(() => this.stop(new JobStopped('expired', `The run took longer than its limit of ${Math.round(timeLimitMs / 1000)} s.`)), timeLimitMs)
		);
		const watch = setInterval(() => void this.#watch(), watchIntervalMs);
		this.#timers.push(watch);
	}

	get signal(): AbortSignal {
		return this.#controller.signal;
	}

	stop(reason: JobStopped): void {
		if (!this.#controller.signal.aborted) this.#controller.abort(reason);
	}

	dispose(): void {
		for (const t of this.#timers) clearTimeout(t);
	}

	async execute<P>(handler: (ctx: JobContext<P>) => Promise<unknown>): Promise<RunOutcome> {
		const ctx: JobContext<P> = {
			jobId: this.#job.id,
			payload: this.#job.payload as P,
			db: this.#db,
			signal: this.signal,
			progress: (done, total) => this.#saveProgress(done, total),
			itemFailed: (item, message) => this.#itemFailed(item, message)
		};
		try {
			const result = await handler(ctx);
			const reason = this.signal.reason as JobStopped | undefined;
			// A handler that finished despite being asked to stop did finish, unless the job is no longer its own.
			if (reason?.why === 'cancelled' || reason?.why === 'taken_over') return { kind: 'stopped' };
			return { kind: 'done', result };
		} catch (error) {
			const reason = this.signal.aborted ? (this.signal.reason as JobStopped) : null;
			if (reason?.why === 'cancelled' || reason?.why === 'taken_over') return { kind: 'stopped' };
			if (reason) return { kind: 'failed', message: reason.message, error };
			return { kind: 'failed', message: error instanceof Error ? error.message : String(error), error };
		}
	}

	/** Records the job as done; false when the record is no longer this run's. */
	async finish(result: unknown): Promise<boolean> {
		const progress = this.#progress;
		return this.#write({
			state: 'done',
			finishedAt: sql`now()`,
			result: result === undefined ? null : JSON.stringify(result),
			...(progress ? { done: progress.done, ...(progress.total === undefined ? {} : { total: progress.total }) } : {})
		});
	}

	/** Records a failed run: the job waits for its retry, or has failed for good (`last`). */
	async fail(message: string, last: boolean): Promise<boolean> {
		const progress = this.#progress;
		return this.#write({
			...(progress ? { done: progress.done, ...(progress.total === undefined ? {} : { total: progress.total }) } : {}),
			...(last
				? { state: 'failed' as const, finishedAt: sql`now()`, errors: sql`errors || ${JSON.stringify([{ message }])}::jsonb` }
				: { state: 'queued' as const })
		});
	}

	async #saveProgress(done: number, total?: number): Promise<void> {
		this.#throwIfStopped();
		if (!Number.isInteger(done) || done < 0 || (total !== undefined && (!Number.isInteger(total) || total < 0))) {
			throw new Error(`progress(${done}, ${total}): counts are whole numbers, 0 or more.`);
		}
		this.#progress = { done, total: total ?? this.#progress?.total };
		const now = Date.now();
		if (now - this.#savedAt < PROGRESS_EVERY_MS && (total === undefined || done < total)) return;
		this.#savedAt = now;
		await this.#writeOrStop({ done, ...(this.#progress.total === undefined ? {} : { total: this.#progress.total }) });
	}

	async #itemFailed(item: string | number, message: string): Promise<void> {
		this.#throwIfStopped();
		const entry = JSON.stringify({ item, message });
		// A resumed run that fails an item again replaces its entry rather than adding one.
		const probe = JSON.stringify([{ item }]);
		const itemOnly = JSON.stringify({ item });
		await this.#writeOrStop({
			errorCount: sql`error_count + case when errors @> ${probe}::jsonb then 0 else 1 end`,
			errors: sql`case
				when errors @> ${probe}::jsonb then (select jsonb_agg(case when e @> ${itemOnly}::jsonb then ${entry}::jsonb else e end) from jsonb_array_elements(errors) e)
				when jsonb_array_length(errors) < ${MAX_STORED_ERRORS} then errors || jsonb_build_array(${entry}::jsonb)
				else errors end`
		});
	}

	#throwIfStopped(): void {
		if (this.signal.aborted) throw this.signal.reason;
	}

	async #writeOrStop(set: JobRecordChange): Promise<void> {
		if (!(await this.#write(set))) {
			await this.#watch();
			this.stop(new JobStopped('taken_over', 'Another run took the job over.'));
			this.#throwIfStopped();
		}
	}

	async #write(set: JobRecordChange): Promise<boolean> {
		const updated = await this.#db
			.updateTable('jobs')
			.set({ ...set, updatedAt: sql`now()` })
			.where('id', '=', this.#job.id)
			.where('attempts', '=', this.#job.attempt)
			.where('state', '=', 'running')
			.executeTakeFirst();
		return updated.numUpdatedRows > 0n;
	}

	/** Notices a cancellation or a takeover between the handler's writes. */
	async #watch(): Promise<void> {
		const row = await this.#db
			.selectFrom('jobs')
			.select(['state', 'attempts'])
			.where('id', '=', this.#job.id)
			.executeTakeFirst()
			.catch(() => undefined);
		if (row === undefined) return;
		if (row.state === 'cancelled') this.stop(new JobStopped('cancelled', 'The job was cancelled.'));
		else if (row.attempts !== this.#job.attempt || row.state !== 'running') this.stop(new JobStopped('taken_over', 'Another run took the job over.'));
	}
}
