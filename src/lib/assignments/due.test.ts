import { describe, expect, it } from 'vitest';
import { daysFrom, earliestDueDate, formatDueDate, isCalendarDay, isOverdue, latestDueDate } from './due';

describe('due dates', () => {
	it('are days that exist, written YYYY-MM-DD', () => {
		expect(isCalendarDay('2026-12-12')).toBe(true);
		expect(isCalendarDay('2028-02-29')).toBe(true);
		for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-12-1', '12/12/2026', '2026-12-12T00:00', ''])
			expect(isCalendarDay(bad), bad).toBe(false);
	});

	it('may be the day it still is anywhere, not a day that has ended everywhere', () => {
		// 20:00 in Los Angeles on 5 December is 04:00 UTC on the 6th: the 5th is still allowed.
		const now = new Date('2026-12-06T04:00:00Z');
		expect(earliestDueDate(now)).toBe('2026-12-05');
		expect(earliestDueDate(new Date('2026-12-06T13:00:00Z'))).toBe('2026-12-06');
		expect(latestDueDate(now) > '2031-12-01').toBe(true);
		expect(latestDueDate(now) < '2032-01-01').toBe(true);
	});

	it('are overdue the day after, and never once the work is finished', () => {
		expect(isOverdue('2026-12-05', false, '2026-12-06')).toBe(true);
		expect(isOverdue('2026-12-05', false, '2026-12-05')).toBe(false);
		expect(isOverdue('2026-12-05', true, '2026-12-06')).toBe(false);
		expect(isOverdue(null, false, '2026-12-06')).toBe(false);
	});

	it('read as the day written, whatever the time zone', () => {
		expect(formatDueDate('2026-12-05')).toBe('Dec 5, 2026');
		expect(daysFrom(new Date('2026-12-30T23:00:00Z'), 7)).toBe('2027-01-06');
	});
});
