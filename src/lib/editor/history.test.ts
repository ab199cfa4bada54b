import { describe, expect, it } from 'vitest';
import { formatDuration, formatShare } from './history';

describe('formatting', () => {
	it('formats durations and shares', () => {
		expect(formatDuration(0)).toBe('0 s');
		expect(formatDuration(59.6)).toBe('1 min');
		expect(formatDuration(185)).toBe('3 min 5 s');
		expect(formatDuration(3720)).toBe('1 h 2 min');
		expect(formatShare(null)).toBe('—');
		expect(formatShare(0.856)).toBe('86%');
	});
});
