import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveRetries } from './save-retry';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('SaveRetries', () => {
	it('waits longer after each failed retry, up to 30 s, and starts again from 5 s once cancelled', () => {
		const retries = new SaveRetries();
		const retry = vi.fn();
		expect([1, 2, 3, 4, 5].map(() => retries.schedule(1, retry))).toEqual([5, 10, 20, 30, 30]);
		retries.cancel(1);
		expect(retries.schedule(1, retry)).toBe(5);
	});

	it('runs the retry once, when its delay is up, and not after a cancel', () => {
		const retries = new SaveRetries();
		const first = vi.fn();
		const second = vi.fn();
		retries.schedule(1, first);
		retries.schedule(2, second);
		retries.cancel(2);
		vi.advanceTimersByTime(4_999);
		expect(first).not.toHaveBeenCalled();
		expect(retries.isScheduled(1)).toBe(true);
		vi.advanceTimersByTime(1);
		expect(first).toHaveBeenCalledTimes(1);
		expect(retries.isScheduled(1)).toBe(false);
		vi.advanceTimersByTime(60_000);
		expect(first).toHaveBeenCalledTimes(1);
		expect(second).not.toHaveBeenCalled();
	});

	it('replaces a scheduled retry of the same segment rather than running both', () => {
		const retries = new SaveRetries();
		const retry = vi.fn();
		retries.schedule(1, retry);
		retries.schedule(1, retry);
		vi.advanceTimersByTime(60_000);
		expect(retry).toHaveBeenCalledTimes(1);
	});
});
