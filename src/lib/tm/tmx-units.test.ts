import { describe, expect, it } from 'vitest';
import { tmxDate } from './tmx-units';

describe('tmxDate', () => {
	it('reads TMX dates and leaves out what is not one', () => {
		expect(tmxDate('20240131T083000Z')).toEqual(new Date('2024-01-31T08:30:00Z'));
		expect(tmxDate('2024-01-31T08:30:00Z')).toEqual(new Date('2024-01-31T08:30:00Z'));
		expect(tmxDate('yesterday')).toBeUndefined();
		expect(tmxDate(undefined)).toBeUndefined();
	});
});
