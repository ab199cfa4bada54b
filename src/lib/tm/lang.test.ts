import { describe, expect, it } from 'vitest';
import { primaryLanguage, sameLanguage } from './lang';

describe('sameLanguage', () => {
	it('matches the variants CAT tools write by their primary subtag, whatever the case or separator', () => {
		for (const tag of ['zh', 'zh-CN', 'ZH-HANS', 'zh_cn', 'zh-Hant-TW', ' Zh-hans ']) expect(sameLanguage(tag, 'zh-Hans'), tag).toBe(true);
		for (const tag of ['en', 'EN-US', 'en_GB', 'en-gb']) expect(sameLanguage('en', tag), tag).toBe(true);
	});

	it('tells languages apart, and matches nothing with *all* or a blank', () => {
		expect(sameLanguage('zh-CN', 'ja-JP')).toBe(false);
		expect(sameLanguage('de-DE', 'en')).toBe(false);
		expect(sameLanguage('*all*', '*all*')).toBe(false);
		expect(sameLanguage('', '')).toBe(false);
		expect(primaryLanguage('*all*')).toBeNull();
		expect(primaryLanguage('ZH_hans-CN')).toBe('zh');
	});
});
