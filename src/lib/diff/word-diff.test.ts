import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textPair, anyText, editedPair } from '../testing/diff-texts';
import { readableParts, wordDiff, type DiffPart } from './word-diff';

const oldText = (parts: DiffPart[]) =>
	parts
		.filter((p) => p.op !== 'insert')
		.map((p) => p.text)
		.join('');
const newText = (parts: DiffPart[]) =>
	parts
		.filter((p) => p.op !== 'delete')
		.map((p) => p.text)
		.join('');
const del = (text: string): DiffPart => ({ op: 'delete', text });
const ins = (text: string): DiffPart => ({ op: 'insert', text });
const eq = (text: string): DiffPart => ({ op: 'equal', text });

/** Deterministic prose of `count` words drawn from a small vocabulary (mulberry32). */
function prose(count: number, seed: number): string {
	const vocabulary = ['the', 'of', 'city', 'river', 'project', 'said', 'million', 'farmers', 'harvest', 'rain', 'on', 'new'];
	const words: string[] = [];
	for (let i = 0; i < count; i++) {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		words.push(vocabulary[Math.floor(r * vocabulary.length)] + (i % 12 === 11 ? '.' : ''));
	}
	return words.join(' ');
}

describe('wordDiff', () => {
	it('marks a changed English word as deleted and inserted', () => {
		expect(wordDiff('Ten Thousand Project', 'Ten Million Project')).toEqual({
			kind: 'diff',
			parts: [eq('Ten '), del('Thousand'), ins('Million'), eq(' Project')]
		});
	});

	it('diffs a Chinese sentence by dictionary words', () => {
		expect(wordDiff('哈尔滨市今年举办了万人读书活动。', '哈尔滨市今年举办了十万人读书节。', { locale: 'zh' }).parts).toEqual([
			eq('哈尔滨市今年举办了'),
			del('万人'),
			ins('十万人'),
			eq('读书'),
			del('活动'),
			ins('节'),
			eq('。')
		]);
	});

	it('diffs Japanese', () => {
		expect(wordDiff('東京都に住んでいます。', '大阪府に住んでいます。', { locale: 'ja' }).parts).toEqual([
			del('東京都'),
			ins('大阪府'),
			eq('に住んでいます。')
		]);
	});

	it('shows a punctuation-only change', () => {
		expect(wordDiff('Hello, world.', 'Hello world!').parts).toEqual([eq('Hello'), del(','), eq(' world'), del('.'), ins('!')]);
	});

	it('gives one equal part for identical texts, none for two empty ones', () => {
		expect(wordDiff('Same text.', 'Same text.')).toEqual({ kind: 'diff', parts: [eq('Same text.')] });
		expect(wordDiff('', '')).toEqual({ kind: 'diff', parts: [] });
	});

	it('treats an empty side as a plain insertion or deletion', () => {
		expect(wordDiff('', 'new text').parts).toEqual([ins('new text')]);
		expect(wordDiff('old text', '').parts).toEqual([del('old text')]);
	});

	it('folds a lone space between two changes into one change', () => {
		expect(wordDiff('the quick brown fox', 'the slow red fox').parts).toEqual([eq('the '), del('quick brown'), ins('slow red'), eq(' fox')]);
	});

	it('folds whitespace-only equal runs in any part list, but not between two pure deletions', () => {
		const tokenLevel = [eq('the '), del('quick'), ins('slow'), eq(' '), del('brown'), ins('red'), eq(' fox')];
		expect(readableParts(tokenLevel)).toEqual([eq('the '), del('quick brown'), ins('slow red'), eq(' fox')]);
		expect(readableParts([eq('a '), del('b'), eq(' '), del('c'), eq(' d')])).toEqual([eq('a '), del('b'), eq(' '), del('c'), eq(' d')]);
	});

	it('keeps punctuation between two changes visible', () => {
		expect(wordDiff('Harbin, Heilongjiang', 'Mohe, Jilin').parts).toEqual([del('Harbin'), ins('Mohe'), eq(', '), del('Heilongjiang'), ins('Jilin')]);
	});

	it('keeps moved words aligned by words, not by the spaces between them', () => {
		expect(wordDiff('The city said on Sunday.', 'On Sunday, the city said.').parts).toEqual([
			del('The'),
			ins('On Sunday, the'),
			eq(' city said'),
			del(' on Sunday'),
			eq('.')
		]);
	});

	it('shows a whitespace-only change', () => {
		expect(wordDiff('Hello world', 'Hello\n\nworld').parts).toEqual([eq('Hello'), del(' '), ins('\n\n'), eq('world')]);
	});

	it('answers "replaced" when either side has more tokens than the cap', () => {
		const result = wordDiff('one two three', 'one two four', { maxTokens: 4 });
		expect(result).toEqual({ kind: 'replaced', reason: 'too-long', parts: [del('one two three'), ins('one two four')] });
	});

	it('answers "replaced" when the texts are longer than the character cap', () => {
		expect(wordDiff('a'.repeat(11), 'b', { maxChars: 10 }).kind).toBe('replaced');
	});

	it('answers "replaced" when the edit is longer than maxEditLength', () => {
		const result = wordDiff('alpha beta gamma delta', 'one two three four', { maxEditLength: 3 });
		expect(result.kind === 'replaced' && result.reason).toBe('too-different');
	});

	it('returns for a 20,000-word pair of unrelated texts', () => {
		const a = prose(20_000, 1);
		const b = prose(20_000, 2);
		for (const options of [{}, { maxTokens: Infinity, maxChars: Infinity }]) {
			const start = performance.now();
			const result = wordDiff(a, b, options);
			console.info(
				`20,000 unrelated words, ${'maxTokens' in options ? 'no length cap' : 'default limits'}: ${result.kind} in ${(performance.now() - start).toFixed(0)} ms`
			);
			expect(['diff', 'replaced']).toContain(result.kind);
			expect(oldText(result.parts)).toBe(a);
			expect(newText(result.parts)).toBe(b);
		}
	});

	it('finds a small edit in a long text (common ends are stripped before diffing)', () => {
		const a = prose(5_000, 3);
		const b = a.replace('harvest', 'HARVEST');
		const result = wordDiff(a, b, { maxTokens: Infinity, maxChars: Infinity });
		expect(result.kind).toBe('diff');
		expect(result.parts.filter((p) => p.op !== 'equal')).toEqual([del('harvest'), ins('HARVEST')]);
	});

	describe('properties (fast-check)', () => {
		it('never throws, and equal+delete give the old text, equal+insert the new one', () => {
			fc.assert(
				fc.property(textPair, ([a, b]) => {
					const result = wordDiff(a, b);
					expect(oldText(result.parts)).toBe(a);
					expect(newText(result.parts)).toBe(b);
				}),
				{ numRuns: 500 }
			);
		});

		it('reconstructs both texts on the "replaced" path too', () => {
			fc.assert(
				fc.property(editedPair, ([a, b]) => {
					const result = wordDiff(a, b, { maxEditLength: 1 });
					expect(oldText(result.parts)).toBe(a);
					expect(newText(result.parts)).toBe(b);
				})
			);
		});

		it('diffs a text with itself as all equal', () => {
			fc.assert(
				fc.property(anyText, (a) => {
					const result = wordDiff(a, a);
					expect(result.kind).toBe('diff');
					expect(result.parts.every((p) => p.op === 'equal')).toBe(true);
				})
			);
		});

		it('has no empty parts, no two neighbours with the same op, and deletions before insertions', () => {
			fc.assert(
				fc.property(textPair, ([a, b]) => {
					const { parts } = wordDiff(a, b);
					for (const [i, part] of parts.entries()) {
						expect(part.text).not.toBe('');
						const next = parts[i + 1];
						if (next) {
							expect(next.op).not.toBe(part.op);
							expect(part.op === 'insert' && next.op === 'delete').toBe(false);
						}
					}
				}),
				{ numRuns: 300 }
			);
		});
	});
});
