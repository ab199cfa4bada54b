import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, countWordsAndCharacters, segmentWords, segmentWordsUpTo, splitGraphemes, tokenize } from './tokenize';
import { anyText, mixedText } from '../testing/diff-texts';

function segmenterTokens(text: string, locale?: string): Array<[string, boolean]> {
	const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
	return Array.from(segmenter.segment(text), (s) => [s.segment, s.isWordLike === true]);
}

describe('tokenize', () => {
	it('keeps spaces and punctuation as tokens of their own', () => {
		expect(tokenize('Ten  Thousand, "Project".')).toEqual(['Ten', '  ', 'Thousand', ',', ' ', '"', 'Project', '"', '.']);
	});

	it('leaves words with inner punctuation whole, as the Segmenter does', () => {
		expect(tokenize("U.S. officials didn't pay 1,000 yuan")).toEqual(['U.S', '.', ' ', 'officials', ' ', "didn't", ' ', 'pay', ' ', '1,000', ' ', 'yuan']);
	});

	it('cuts Chinese into dictionary words', () => {
		expect(tokenize('黑龙江日报报道，哈尔滨市举办了活动。', 'zh')).toEqual(['黑龙江', '日报', '报道', '，', '哈尔滨', '市', '举办', '了', '活动', '。']);
		expect(countWords('黑龙江日报报道，哈尔滨市举办了活动。', 'zh')).toBe(8);
	});

	it('cuts Japanese without spaces', () => {
		const tokens = tokenize('東京都に住んでいます。', 'ja');
		expect(tokens.join('')).toBe('東京都に住んでいます。');
		expect(tokens).toContain('東京');
		expect(tokens.at(-1)).toBe('。');
	});

	it('stops as soon as a text has more tokens than a limit', () => {
		expect(segmentWordsUpTo('one two', 3)?.map((t) => t.text)).toEqual(['one', ' ', 'two']);
		expect(segmentWordsUpTo('one two three', 3)).toBeNull();
		expect(segmentWordsUpTo('黑龙江日报报道'.repeat(1_000), 10, 'zh')).toBeNull();
	});

	it('falls back to the default locale for a malformed tag', () => {
		expect(tokenize('a b', 'not a locale!')).toEqual(['a', ' ', 'b']);
	});

	it('counts visible characters as graphemes, without whitespace', () => {
		expect(countWordsAndCharacters('a 👨‍👩‍👧 e\u0301\n漢 x\u0001')).toEqual({ words: 4, characters: 6 });
	});

	it('splits CJK tokens into graphemes, keeping combining marks with their base', () => {
		expect(splitGraphemes('東京')).toEqual(['東', '京']);
		expect(splitGraphemes('か\u3099き')).toEqual(['か\u3099', 'き']);
		expect(splitGraphemes('𠮷野')).toEqual(['𠮷', '野']);
	});

	it('segments long texts in chunks that give the same tokens as one Segmenter call', () => {
		const paragraph =
			'黑龙江日报7月2日讯，哈尔滨市今年举办了“万人”读书活动，参与人数超过一万人。' +
			"The city's Ten Thousand Project, launched in 2021, reached 1,000 villages; e.g. U.S. visitors came.\n" +
			'東京都に住んでいます、カタカナ語も使います。 ';
		const text = paragraph.repeat(40);
		expect(text.length).toBeGreaterThan(6_000);
		expect(segmentWords(text, 'zh').map((t) => [t.text, t.isWord])).toEqual(segmenterTokens(text, 'zh'));
	});

	it('joins back to the text for any string (fast-check)', () => {
		fc.assert(fc.property(anyText, (text) => tokenize(text).join('') === text));
	});

	it('joins back to the text for long strings cut into chunks (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', minLength: 2_100, maxLength: 3_000 }), (text) => tokenize(text).join('') === text),
			{ numRuns: 10 }
		);
	});

	it('gives exactly the Segmenter tokens for mixed prose (fast-check)', () => {
		fc.assert(
			fc.property(mixedText, (text) => {
				expect(segmentWords(text).map((t) => [t.text, t.isWord])).toEqual(segmenterTokens(text));
			}),
			{ numRuns: 300 }
		);
	});
});
