// A save the server cannot take for now (the network is down, or 503 while its database restarts)
// is sent again by itself, later each time, so a translator who has moved on to the next segment
// neither loses the edit nor has to come back for it.

export const RETRY_DELAYS_SECONDS = [5, 10, 20, 30];

export class SaveRetries {
	#pending = new Map<number, { timer: ReturnType<typeof setTimeout> | undefined; attempt: number }>();

	/** Runs `retry` for segment `id` after the next delay of its series; returns that delay in seconds. */
	schedule(id: number, retry: () => void): number {
		const previous = this.#pending.get(id);
		clearTimeout(previous?.timer);
		const attempt = previous ? previous.attempt + 1 : 0;
		const seconds = RETRY_DELAYS_SECONDS[Math.min(attempt, RETRY_DELAYS_SECONDS.length - 1)];
		const entry = { attempt, timer: undefined as ReturnType<typeof setTimeout> | undefined };
		entry.timer = setTimeout(() => {
			// The series goes on (longer delays) until cancel(): the retry may fail again.
			entry.timer = undefined;
			retry();
		}, seconds * 1000);
		this.#pending.set(id, entry);
		return seconds;
	}

	/** Ends segment `id`'s series: it was saved, discarded or is in conflict. */
	cancel(id: number): void {
		clearTimeout(this.#pending.get(id)?.timer);
		this.#pending.delete(id);
	}

	isScheduled(id: number): boolean {
		return this.#pending.get(id)?.timer !== undefined;
	}
}
