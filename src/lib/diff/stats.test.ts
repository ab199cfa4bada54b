import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffStats } from './stats';
import { textPair } from '../testing/diff-texts';
import { wordDiff } from './word-diff';

describe('diffStats', () => {
	it('counts one word out and one in for "Ten Thousand Project" → "Ten Million Project"', () => {
		expect(diffStats(wordDiff('Ten Thousand Project', 'Ten Million Project').parts)).toEqual({
			wordsInserted: 1,
			wordsDeleted: 1,
			charactersInserted: 7,
			charactersDeleted: 8,
			charactersChanged: 15
		});
	});

	it('counts Chinese by segmenter words', () => {
		const stats = diffStats(wordDiff('哈尔滨市举办了万人读书活动。', '哈尔滨市举办了十万人读书节。', { locale: 'zh' }).parts, 'zh');
		// 万人 and 活动 out; 十万人 (十 + 万人) and 节 in.
		expect(stats).toMatchObject({ wordsDeleted: 2, wordsInserted: 3, charactersDeleted: 4, charactersInserted: 4 });
	});

	it('counts a punctuation-only change as characters, not words', () => {
		expect(diffStats(wordDiff('Hello, world.', 'Hello world!').parts)).toEqual({
			wordsInserted: 0,
			wordsDeleted: 0,
			charactersInserted: 1,
			charactersDeleted: 2,
			charactersChanged: 3
		});
	});

	it('counts an emoji as one character and no word, and ignores whitespace', () => {
		expect(diffStats([{ op: 'insert', text: ' 👨‍👩‍👧 ' }])).toMatchObject({ wordsInserted: 0, charactersInserted: 1 });
	});

	it('is zero for identical texts', () => {
		expect(diffStats(wordDiff('Same.', 'Same.').parts).charactersChanged).toBe(0);
	});

	it('never counts negative or fractional figures (fast-check)', () => {
		fc.assert(
			fc.property(textPair, ([a, b]) => {
				const stats = diffStats(wordDiff(a, b).parts);
				for (const value of Object.values(stats)) expect(Number.isInteger(value) && value >= 0).toBe(true);
				expect(stats.charactersChanged).toBe(stats.charactersInserted + stats.charactersDeleted);
			}),
			{ numRuns: 200 }
		);
	});
});
