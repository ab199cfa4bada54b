import { describe, expect, it } from 'vitest';
import { hashKeys, indexKeys, keysOfTokens, tokenize } from './tokens';

const texts = (t: string) => tokenize(t).map((x) => x.text);

describe('tokenize', () => {
	it('splits Han and kana per character, other scripts into words, punctuation per mark', () => {
		expect(texts('实施“千万工程”，GDP 增长5%。')).toEqual(['实', '施', '“', '千', '万', '工', '程', '”', ',', 'gdp', '增', '长', '5', '%', '。']);
		expect(texts('The “final” one-kilometer')).toEqual(['the', '“', 'final', '”', 'one', '-', 'kilometer']);
		expect(texts('カタカナとひらがな')).toHaveLength(9);
	});

	it('folds width and case and keeps offsets into the folded text', () => {
		const tokens = tokenize('ＧＤＰ 增长');
		expect(tokens.map((t) => [t.text, t.start, t.end])).toEqual([
			['gdp', 0, 3],
			['增', 4, 5],
			['长', 5, 6]
		]);
	});

	it('keeps characters outside the Basic Multilingual Plane whole', () => {
		expect(texts('𠀀𠀁')).toEqual(['𠀀', '𠀁']);
	});
});

describe('index keys', () => {
	it('pairs neighbouring Han characters and keeps words', () => {
		expect(keysOfTokens(tokenize('千万工程 project'), { phrase: true })).toEqual(['\u0002千万', '\u0002万工', '\u0002工程', '\u0001project']);
		expect(keysOfTokens(tokenize('A 省 B'), { phrase: true })).toEqual(['\u0001a', '\u0001b']);
		expect(keysOfTokens(tokenize('A 省 B 千万 C 和 D 十二三'))).toContain('\u0003省');
	});

	it('gives a short text a key per character as well', () => {
		expect(keysOfTokens(tokenize('千万'))).toEqual(['\u0002千万', '\u0003千', '\u0003万']);
		expect(keysOfTokens(tokenize('千'.repeat(13)))).not.toContain('\u0003千');
	});

	it('gives every key of a phrase to a text that contains it', () => {
		const text = indexKeys('黑龙江省全面实施“千万工程”，打通最后一公里。');
		for (const phrase of ['千万工程', '最后一公里', '黑龙江'])
			for (const key of hashKeys(keysOfTokens(tokenize(phrase), { phrase: true }))) expect(text).toContain(key);
	});

	it('stores sorted, distinct int4 keys', () => {
		const keys = hashKeys(['a', 'b', 'a']);
		expect(keys).toHaveLength(2);
		expect([...keys].sort((a, b) => a - b)).toEqual(keys);
		for (const k of indexKeys('千万工程 and more words')) expect(k).toBe(k | 0);
	});
});
