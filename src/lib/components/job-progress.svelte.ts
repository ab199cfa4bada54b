import type { JobJson } from '../api';

export const FINISHED_STATES: readonly JobJson['state'][] = ['done', 'failed', 'cancelled'];

/** The pauses between polls: soon at first, then less often the longer a job runs. */
export function pollDelay(poll: number): number {
	return Math.min(1_000 * 1.5 ** poll, 10_000);
}

const numbers = new Intl.NumberFormat('en');

export const formatCount = (n: number): string => numbers.format(n);

/** "412 of 1,000 segments", or "412 segments" while the total is not known. */
export function progressText(done: number, total: number | null, noun: string): string {
	return total === null ? `${formatCount(done)} ${noun}` : `${formatCount(done)} of ${formatCount(total)} ${noun}`;
}

export interface JobPollOptions {
	load(jobId: number): Promise<JobJson>;
	onFinished?(job: JobJson): void;
	/** setTimeout, or a test's clock. */
	schedule?(run: () => void, ms: number): () => void;
}

/** A job's state, polled with backoff until it has finished; a failed poll is tried again the same way. */
export class JobPoll {
	job = $state<JobJson | null>(null);
	/** Why the last poll failed, until one succeeds. */
	problem = $state<string | null>(null);
	readonly #jobId: number;
	readonly #options: JobPollOptions;
	#polls = 0;
	#cancel: (() => void) | null = null;
	#stopped = false;

	constructor(jobId: number, options: JobPollOptions) {
		this.#jobId = jobId;
		this.#options = options;
	}

	get finished(): boolean {
		return this.job !== null && FINISHED_STATES.includes(this.job.state);
	}

	start(): void {
		void this.#poll();
	}

	stop(): void {
		this.#stopped = true;
		this.#cancel?.();
		this.#cancel = null;
	}

	async #poll(): Promise<void> {
		try {
			this.job = await this.#options.load(this.#jobId);
			this.problem = null;
		} catch (e) {
			this.problem = e instanceof Error ? e.message : String(e);
		}
		if (this.#stopped) return;
		if (this.finished) {
			this.#options.onFinished?.(this.job!);
			return;
		}
		const schedule =
			this.#options.schedule ??
			((run, ms) => {
				const timer = setTimeout(run, ms);
				return () => clearTimeout(timer);
			});
		this.#cancel = schedule(() => void this.#poll(), pollDelay(this.#polls++));
	}
}
