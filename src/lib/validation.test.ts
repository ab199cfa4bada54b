import { describe, expect, it } from 'vitest';
import {
	displayNameSchema,
	idSchema,
	languageTagSchema,
	MAX_ID,
	projectInputSchema,
	storableText,
	switchSchema,
	textSchema,
	tokenLabelSchema
} from './validation';

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

describe('idSchema', () => {
	const id = idSchema('Choose one.');
	it('takes integers and strings of digits within int4', () => {
		expect(id.parse(7)).toBe(7);
		expect(id.parse('42')).toBe(42);
		expect(id.parse(String(MAX_ID))).toBe(MAX_ID);
	});
	it.each(['0x2', '1e1', ' 2', '2 ', '2.0', '-1', '0', '', '99999999999', String(MAX_ID + 1)])('refuses %j', (v) => {
		expect(id.safeParse(v).success).toBe(false);
	});
	it.each([0, -3, 1.5, MAX_ID + 1, Number.NaN, null, undefined, true, [1]])('refuses %j', (v) => {
		expect(id.safeParse(v).success).toBe(false);
	});
});

describe('textSchema', () => {
	const note = textSchema(5, 'Too long.');
	it('cleans, trims and refuses what is too long instead of cutting it', () => {
		expect(note.parse(' a\u0000b ')).toBe('ab');
		expect(note.safeParse('abcdef').success).toBe(false);
		expect(note.safeParse(3).success).toBe(false);
	});
});

describe('switchSchema', () => {
	const setting = switchSchema('Say on or off.');
	it('reads a checkbox (on, or absent for off) and a JSON boolean', () => {
		expect([setting.parse('on'), setting.parse(undefined), setting.parse(true), setting.parse(false), setting.parse('false')]).toEqual([
			true,
			false,
			true,
			false,
			false
		]);
	});
	it('refuses anything else with its message', () => {
		for (const value of ['yes', 1, null, '']) expect(setting.safeParse(value).error?.issues[0].message, String(value)).toBe('Say on or off.');
	});
});
