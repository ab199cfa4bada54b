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
	it('cuts a long name after its last whole word', () => {
		const name = 'Harbin Ice and Snow World opens its twenty-sixth season with a record number of visitors';
		expect(slugify(name)).toBe('harbin-ice-and-snow-world-opens-its-twenty-sixth-season-with');
		expect(slugify('a'.repeat(54) + ' bcdef')).toBe('a'.repeat(54) + '-bcdef');
		expect(slugify('a'.repeat(54) + ' bcdefg')).toBe('a'.repeat(54));
	});
	it('cuts a first word longer than the limit', () => {
		expect(slugify('x'.repeat(70) + ' y')).toBe('x'.repeat(60));
	});
});
