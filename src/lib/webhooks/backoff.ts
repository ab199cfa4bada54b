/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery is marked failed. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

/** The first attempt plus one retry per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** How long to wait after `attemptsMade` failed attempts; null when it is time to give up. */
export function retryDelay(attemptsMade: number): number | null {
	if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be a positive integer, not ${attemptsMade}`);
	return attemptsMade < MAX_ATTEMPTS ? RETRY_DELAYS_MS[attemptsMade - 1] : null;
}
