import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceLimit, fuzzyScore, Interner, lengthWindow, prepare, score, tokenDistance } from './score';

function naiveDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++)
		for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
	return d[a.length][b.length];
}

const s = (q: string, u: string, minScore = 0) => {
	const interner = new Interner();
	return score(prepare(q, interner), prepare(u, interner), { minScore });
};

describe('tokenDistance', () => {
	it('is the Levenshtein distance when within the limit, and null above it', () => {
		const seq = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }).map((a) => Int32Array.from(a));
		fc.assert(
			fc.property(seq, seq, fc.integer({ min: 0, max: 35 }), (a, b, limit) => {
				const exact = naiveDistance(a, b);
				expect(tokenDistance(a, b, limit)).toBe(exact <= limit ? exact : null);
			}),
			{ numRuns: 2_000 }
		);
	});
});

describe('score', () => {
	it('gives 100 to the same text and 99 to a difference of case, width or spacing only', () => {
		expect(s('实施“千万工程”。', '实施“千万工程”。')).toBe(100);
		expect(s('GDP grew 5%.', 'ＧＤＰ  grew 5％.')).toBe(99);
		expect(s('Ten Million Project', 'ten million project')).toBe(99);
	});

	it('counts each Chinese character as a token', () => {
		// 10 tokens, one changed: 90.
		expect(s('黑龙江省实施千万工程。', '黑龙江省实施百万工程。')).toBe(90);
		// 万 → 亿 in a two-character query is half of it.
		expect(s('千万', '千亿')).toBe(50);
	});

	it('counts words, not letters, in English', () => {
		expect(s('the final one kilometer', 'the last one kilometer')).toBe(75);
	});

	it('never gives 99 or more to a changed token, however long the sentence', () => {
		const long = '这'.repeat(300);
		expect(s(long, long.slice(0, -1) + '那')).toBe(98);
	});

	it('returns null below the threshold', () => {
		expect(s('千万', '百亿', 50)).toBeNull();
		expect(s('黑龙江省实施千万工程。', '完全不同的一句话', 50)).toBeNull();
	});

	it('agrees with the formula for any two texts, and the cut-off never changes a score', () => {
		const text = fc.array(fc.constantFrom('千', '万', '工', '程', 'the', 'a', '，', ' ', 'Ten'), { maxLength: 25 }).map((a) => a.join(''));
		fc.assert(
			fc.property(text, text, fc.integer({ min: 1, max: 98 }), (q, u, min) => {
				const full = s(q, u, 0);
				const cut = s(q, u, min);
				expect(cut).toBe(full !== null && full >= min ? full : null);
			}),
			{ numRuns: 2_000 }
		);
	});
});

describe('lengthWindow', () => {
	it('holds every unit length that can reach the score', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 100 }), (n, m, min) => {
				// The best a unit of m tokens can do is share all of the shorter side.
				const best = fuzzyScore(Math.abs(n - m), n, m);
				const { min: lo, max: hi } = lengthWindow(n, min);
				if (best >= min) expect(m >= lo && m <= hi).toBe(true);
			})
		);
		expect(distanceLimit(10, 10, 50)).toBe(5);
	});
});
