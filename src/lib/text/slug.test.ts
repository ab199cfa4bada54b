import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
	it('lowercases and joins words with hyphens', () => {
		expect(slugify('  Heilongjiang Daily: July 2023! ')).toBe('heilongjiang-daily-july-2023');
	});
	it('drops accents', () => {
		expect(slugify('Crème brûlée')).toBe('creme-brulee');
	});
	it('falls back for names without Latin letters', () => {
		expect(slugify('黑龙江日报')).toBe('project');
	});
	it('caps the length without a trailing hyphen', () => {
		const slug = slugify('a'.repeat(59) + ' b');
		expect(slug.length).toBeLessThanOrEqual(60);
		expect(slug.endsWith('-')).toBe(false);
	});
});
