import { describe, expect, it } from 'vitest';
import { isCjkLanguage, leftoverScriptCheck } from './script';

const en = { sourceLang: 'zh-Hans', targetLang: 'en' };
const run = (target: string, context = en) => leftoverScriptCheck.run({ source: '来源：黑龙江日报', target }, context);

describe('leftover-script', () => {
	it('reports each run of Chinese characters with its span and no fix', () => {
		expect(run('Source: 黑龙江 Daily, by 彭溢')).toEqual([
			{ message: 'The translation still has “黑龙江” (Chinese characters) from the source: translate or remove it.', target: { start: 8, end: 11 } },
			{ message: 'The translation still has “彭溢” (Chinese characters) from the source: translate or remove it.', target: { start: 22, end: 24 } }
		]);
	});

	it('offers the ASCII twin of full-width punctuation', () => {
		const [finding] = run('Source：Heilongjiang Daily');
		expect(finding).toEqual({
			message: 'The translation still has “：” (full-width colon) from the source: use “:”.',
			target: { start: 6, end: 7 },
			fix: { target: { start: 6, end: 7 }, replacement: ':', label: 'Replace with “:”' }
		});
	});

	it('maps a run of several marks, full-width digits and letters, and the ideographic space', () => {
		expect(run('He said：“Go！”').map((f) => f.fix?.replacement)).toEqual([':"', '!"']);
		expect(run('Ｇ２０ summit').map((f) => f.fix?.replacement)).toEqual(['G20']);
		expect(run('one\u3000two').map((f) => f.fix?.replacement)).toEqual([' ']);
		expect(run('(a，b)。')[0].message).toContain('full-width comma');
	});

	it('names kana and hangul', () => {
		expect(run('a カタカナ b')[0].message).toContain('Japanese kana');
		expect(run('a 한국어 b')[0].message).toContain('Korean hangul');
	});

	it('flags the Chinese doubled dash and ellipsis, and quotes next to Han', () => {
		expect(run('Wait……no')[0].message).toContain('Chinese ellipsis');
		expect(run('Peace——and quiet')[0].message).toContain('Chinese dash');
		expect(run('the “千万工程” project')[0].target).toEqual({ start: 4, end: 10 });
	});

	it('leaves English typography alone: curly quotes, apostrophes, an ellipsis, an em dash, a middle dot', () => {
		expect(run('The party group’s “Pujiang Experience” — and more… Xi·Jinping')).toEqual([]);
	});

	it('does not run for Chinese, Japanese or Korean targets', () => {
		expect(run('黑龙江日报', { sourceLang: 'en', targetLang: 'zh-Hans' })).toEqual([]);
		expect(isCjkLanguage('ja-JP')).toBe(true);
		expect(isCjkLanguage('ko')).toBe(true);
		expect(isCjkLanguage('fr-CA')).toBe(false);
		expect(run('黑', { sourceLang: 'zh', targetLang: 'de' })).toHaveLength(1);
	});

	it('finds Han characters outside the basic plane', () => {
		expect(run('x 𠀀 y')).toEqual([
			{ message: 'The translation still has “𠀀” (Chinese characters) from the source: translate or remove it.', target: { start: 2, end: 4 } }
		]);
	});
});
