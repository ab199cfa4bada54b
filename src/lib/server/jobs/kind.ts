import type { Database } from '../db/db';

/** What a handler gets for one run of one job. */
export interface JobContext<P> {
	jobId: number;
	payload: P;
	/** The application's database (never inside a transaction of the worker's). */
	db: Database;
	/**
	 * Aborted when this run must stop: the job was cancelled, the app is stopping, the run went
	 * past its kind's time limit, or another process took the job over. Pass it on to fetch and
	 * check it between items.
	 */
	signal: AbortSignal;
	/**
	 * Records how far the job is (`total` once known). Saved at most a few times a second, and
	 * the last value when the handler returns. Throws the signal's reason once the run must stop.
	 */
	progress(done: number, total?: number): Promise<void>;
	/** Records an item that could not be done, shown to members with the message; the job goes on. */
	itemFailed(item: string | number, message: string): Promise<void>;
}

export interface JobKindOptions {
	/** How long one run may take before it is given up and the job run again (a crashed process's jobs wait this long). */
	expireInSeconds?: number;
	/** How many more runs a job gets after a run that threw (or was interrupted). */
	retryLimit?: number;
	/** Seconds before the first retry; each next one waits about twice as long. */
	retryDelaySeconds?: number;
}

export interface JobKind<P> {
	readonly name: string;
	readonly handler: (ctx: JobContext<P>) => Promise<unknown>;
	readonly options: Required<JobKindOptions>;
}

export const DEFAULT_KIND_OPTIONS: Required<JobKindOptions> = { expireInSeconds: 15 * 60, retryLimit: 3, retryDelaySeconds: 10 };

/**
 * A kind of background job and the function that does it. The handler must be resumable: a job
 * may run again from the start after a crash, a restart, a time-out or a thrown error, so it
 * skips what an earlier run already did (read that from the data it writes, not from memory)
 * and writes each item in a way that is safe to repeat. Whatever it returns becomes the job's
 * `result` (JSON).
 */
export function defineJob<P>(name: string, handler: (ctx: JobContext<P>) => Promise<unknown>, options: JobKindOptions = {}): JobKind<P> {
	// pg-boss names a queue's partition after it; keep names to what reads well in a URL and a log.
	if (!/^[a-z][a-z0-9_-]{0,49}$/.test(name)) throw new Error(`A job kind's name is lower-case letters, digits, - and _: ${JSON.stringify(name)}`);
	return { name, handler, options: { ...DEFAULT_KIND_OPTIONS, ...options } };
}

/**
 * Thrown by a handler when running the job again would only give the same answer (a file that
 * cannot be read): the job fails at once with this message, without its retries.
 */
export class JobRefusal extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JobRefusal';
	}
}
