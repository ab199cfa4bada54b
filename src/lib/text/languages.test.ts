import { describe, expect, it } from 'vitest';
import { languageLabel } from './languages';

describe('languageLabel', () => {
	it('names a tag and keeps the tag visible', () => {
		expect(languageLabel('zh-Hans')).toBe('Simplified Chinese (zh-Hans)');
		expect(languageLabel('en')).toBe('English (en)');
	});
	it('returns the tag when it has no name', () => {
		expect(languageLabel('qaa')).toMatch(/qaa/);
	});
});
