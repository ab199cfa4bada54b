import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentMetrics, metricWords, postEditMetrics } from './metrics';
import { anyText, textPair } from '../testing/diff-texts';

describe('metricWords', () => {
	it('counts English by words, Chinese and Japanese by characters, skipping punctuation', () => {
		expect(metricWords("Ten Thousand Project, didn't it?")).toEqual(['Ten', 'Thousand', 'Project', "didn't", 'it']);
		expect(metricWords('哈尔滨市举办活动。')).toEqual(['哈', '尔', '滨', '市', '举', '办', '活', '动']);
		expect(metricWords('東京に住む')).toEqual(['東', '京', 'に', '住', 'む']);
	});
});

describe('postEditMetrics', () => {
	it('gives full unmodified MT and no edits for an untouched segment', () => {
		expect(postEditMetrics('The rain came early.', 'The rain came early.')).toEqual({
			mtWords: 4,
			finalWords: 4,
			wordsKept: 4,
			wordsInserted: 0,
			wordsDeleted: 0,
			wordEdits: 0,
			unmodifiedMtShare: 1,
			finalFromMtShare: 1,
			editRate: 0,
			edited: false,
			exact: true
		});
	});

	it('counts a substituted word as one edit', () => {
		expect(postEditMetrics('Ten Thousand Project', 'Ten Million Project')).toMatchObject({
			wordsKept: 2,
			wordsInserted: 1,
			wordsDeleted: 1,
			wordEdits: 1,
			unmodifiedMtShare: 2 / 3,
			editRate: 1 / 3
		});
	});

	it('measures Chinese edits per character', () => {
		// 万人 → 十万人 inserts 十; 活动 → 节 replaces two characters with one.
		expect(postEditMetrics('哈尔滨市举办了万人读书活动。', '哈尔滨市举办了十万人读书节。')).toMatchObject({
			mtWords: 13,
			finalWords: 13,
			wordsKept: 11,
			wordsInserted: 2,
			wordsDeleted: 2,
			wordEdits: 3
		});
	});

	it('does not count punctuation or spacing as word edits, but marks the segment edited', () => {
		expect(postEditMetrics('Hello, world.', 'Hello  world!')).toMatchObject({ wordEdits: 0, unmodifiedMtShare: 1, edited: true });
	});

	it('has no unmodified share without MT, and counts every final word as inserted', () => {
		expect(postEditMetrics(null, 'Written from scratch')).toMatchObject({
			mtWords: 0,
			wordsInserted: 3,
			wordEdits: 3,
			unmodifiedMtShare: null,
			finalFromMtShare: 0,
			editRate: 1,
			edited: true
		});
		expect(postEditMetrics('', '')).toMatchObject({ unmodifiedMtShare: null, editRate: null, edited: false });
	});

	it('has no edit rate when the final text is empty', () => {
		expect(postEditMetrics('Some MT', '')).toMatchObject({ wordsDeleted: 2, unmodifiedMtShare: 0, editRate: null, finalFromMtShare: null });
	});

	it('estimates from shared words, erring high, when the texts cannot be aligned within the limits', () => {
		const m = postEditMetrics('b a c', 'a b c', { limits: { maxEditLength: 1 } });
		expect(m).toMatchObject({ exact: false, wordsKept: 3, unmodifiedMtShare: 1 });
		expect(postEditMetrics('b a c', 'a b c')).toMatchObject({ exact: true, wordsKept: 2 });
	});

	describe('properties (fast-check)', () => {
		it('stays in range and adds up', () => {
			fc.assert(
				fc.property(textPair, ([mt, final]) => {
					const m = postEditMetrics(mt, final);
					expect(m.mtWords).toBe(m.wordsKept + m.wordsDeleted);
					expect(m.finalWords).toBe(m.wordsKept + m.wordsInserted);
					expect(m.wordsKept).toBeLessThanOrEqual(Math.min(m.mtWords, m.finalWords));
					expect(m.wordEdits).toBeGreaterThanOrEqual(Math.max(m.wordsInserted, m.wordsDeleted));
					expect(m.wordEdits).toBeLessThanOrEqual(m.wordsInserted + m.wordsDeleted);
					for (const share of [m.unmodifiedMtShare, m.finalFromMtShare]) {
						if (share !== null) expect(share >= 0 && share <= 1).toBe(true);
					}
					expect(m.unmodifiedMtShare === null).toBe(m.mtWords === 0);
					expect(m.editRate === null).toBe(m.finalWords === 0);
					if (m.editRate !== null) expect(m.editRate).toBeGreaterThanOrEqual(0);
					expect(m.edited).toBe(mt !== final);
				}),
				{ numRuns: 300 }
			);
		});

		it('gives share 1 and rate 0 for identical texts', () => {
			fc.assert(
				fc.property(anyText, (text) => {
					const m = postEditMetrics(text, text);
					expect(m.unmodifiedMtShare ?? 1).toBe(1);
					expect(m.editRate ?? 0).toBe(0);
					expect(m.edited).toBe(false);
				})
			);
		});
	});
});

describe('documentMetrics', () => {
	const segments = [
		{ mt: 'Ten Thousand Project', final: 'Ten Million Project', secondsSpent: 30 },
		{ mt: 'The rain came early.', final: 'The rain came early.', secondsSpent: 0 },
		{ mt: null, final: 'Written from scratch', secondsSpent: 12 },
		{ mt: null, final: '', secondsSpent: 0 },
		{ mt: 'Dropped', final: 'Dropped', secondsSpent: Number.NaN }
	];

	it('adds up segments and weights the shares by words', () => {
		const doc = documentMetrics(segments);
		expect(doc).toMatchObject({
			segmentCount: 5,
			segmentsWithMt: 3,
			untranslatedSegments: 1,
			editedSegments: 2,
			uneditedSegments: 2,
			mtWords: 8,
			finalWords: 11,
			wordsKept: 7,
			wordsInserted: 4,
			wordsDeleted: 1,
			wordEdits: 4,
			unmodifiedMtShare: 7 / 8,
			finalFromMtShare: 7 / 11,
			editRate: 4 / 11,
			secondsSpent: 42,
			// Only the two timed segments' words: 3 + 3.
			timedWords: 6,
			secondsPerWord: 7,
			exact: true
		});
		expect(doc.perSegment).toHaveLength(5);
	});

	it('has null shares for an empty document', () => {
		expect(documentMetrics([])).toMatchObject({ segmentCount: 0, unmodifiedMtShare: null, editRate: null, secondsPerWord: null });
	});

	it('sums its segments for any input (fast-check)', () => {
		const segment = fc.record({
			mt: fc.option(anyText),
			final: anyText,
			secondsSpent: fc.oneof(fc.double(), fc.nat(600))
		});
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 8 }), (list) => {
				const doc = documentMetrics(list);
				const sum = (key: 'mtWords' | 'wordsKept' | 'wordEdits') => doc.perSegment.reduce((total, m) => total + m[key], 0);
				expect(doc.mtWords).toBe(sum('mtWords'));
				expect(doc.wordsKept).toBe(sum('wordsKept'));
				expect(doc.wordEdits).toBe(sum('wordEdits'));
				expect(Number.isFinite(doc.secondsSpent) && doc.secondsSpent >= 0).toBe(true);
				if (doc.unmodifiedMtShare !== null) expect(doc.unmodifiedMtShare >= 0 && doc.unmodifiedMtShare <= 1).toBe(true);
				if (doc.secondsPerWord !== null) expect(doc.secondsPerWord).toBeGreaterThan(0);
			}),
			{ numRuns: 100 }
		);
	});
});

describe('documentMetrics edit time', () => {
	it('counts whole seconds and caps absurd figures instead of overflowing', () => {
		const huge = documentMetrics([
			{ mt: null, final: '', secondsSpent: 2.49e293 },
			{ mt: null, final: '', secondsSpent: 1.79e308 }
		]);
		expect(Number.isFinite(huge.secondsSpent)).toBe(true);
		const tiny = documentMetrics([{ mt: 'a b', final: 'a c', secondsSpent: 5e-324 }]);
		expect(tiny.secondsSpent).toBe(0);
		expect(tiny.secondsPerWord).toBeNull();
	});
});
