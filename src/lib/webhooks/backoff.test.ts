import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelay } from './backoff';

describe('webhook retry schedule', () => {
	it('waits 30 s, 2 min, 10 min, 1 h, 6 h, then gives up', () => {
		const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelay(i + 1));
		expect(delays).toEqual([30_000, 120_000, 600_000, 3_600_000, 21_600_000, null]);
		expect(MAX_ATTEMPTS).toBe(6);
	});

	it('gives up after any number of attempts beyond the last', () => {
		expect(retryDelay(7)).toBeNull();
		expect(retryDelay(100)).toBeNull();
	});

	it('grows with every failure', () => {
		for (let n = 1; n < MAX_ATTEMPTS - 1; n++) expect(retryDelay(n + 1)!).toBeGreaterThan(retryDelay(n)!);
	});

	it('refuses a count that is not a positive integer', () => {
		expect(() => retryDelay(0)).toThrow(RangeError);
		expect(() => retryDelay(1.5)).toThrow(RangeError);
	});
});
