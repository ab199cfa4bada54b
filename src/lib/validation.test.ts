import { describe, expect, it } from 'vitest';
import { displayNameSchema, languageTagSchema, projectInputSchema, storableText, tokenLabelSchema } from './validation';

describe('storableText', () => {
	it('drops NUL and other control characters but keeps tabs and line breaks', () => {
		expect(storableText('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
	});
	it('replaces lone surrogates and keeps real pairs', () => {
		expect(storableText('x\uD800y😀')).toBe('x\uFFFDy😀');
	});
});

describe('names that Postgres can store', () => {
	it('cleans project names, display names and token labels', () => {
		const project = projectInputSchema.parse({ name: 'Eve\u0000ning news', sourceLang: 'zh-hans', targetLang: 'en' });
		expect(project).toEqual({ name: 'Evening news', sourceLang: 'zh-Hans', targetLang: 'en' });
		expect(displayNameSchema.parse('Ada\u0000')).toBe('Ada');
		expect(tokenLabelSchema.parse('\u0000')).toBe('API token');
	});
	it('still refuses a name that is nothing but control characters', () => {
		expect(displayNameSchema.safeParse('\u0000\u0001').success).toBe(false);
	});
	it('canonicalises language tags and refuses malformed ones', () => {
		expect(languageTagSchema.parse('EN-gb')).toBe('en-GB');
		expect(languageTagSchema.safeParse('xx_yy').success).toBe(false);
	});
});
