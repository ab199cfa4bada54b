import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

describe('relativeTime', () => {
	const now = new Date('2026-03-10T12:00:00Z');
	it('says just now under a minute', () => {
		expect(relativeTime(new Date('2026-03-10T11:59:30Z'), now)).toBe('just now');
	});
	it('uses the largest whole unit', () => {
		expect(relativeTime(new Date('2026-03-10T11:55:00Z'), now)).toBe('5 minutes ago');
		expect(relativeTime(new Date('2026-03-10T09:00:00Z'), now)).toBe('3 hours ago');
		expect(relativeTime(new Date('2026-03-09T10:00:00Z'), now)).toBe('yesterday');
		expect(relativeTime('2026-02-20T12:00:00Z', now)).toBe('2 weeks ago');
	});
});
