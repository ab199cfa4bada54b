import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbersCheck } from './check';
import { extractEn } from './en';
import { extractZh, parseZhNumeral } from './zh';

const DIGIT_CHARS = '零一二三四五六七八九';

/** 0 ≤ n < 10000 as 三千零五: the section the larger units repeat. */
function section(n: number): string {
	let out = '';
	let zero = false;
	for (const [size, unit] of [
		[1000, '千'],
		[100, '百'],
		[10, '十'],
		[1, '']
	] as const) {
		const d = Math.floor(n / size) % 10;
		if (d === 0) {
			zero = out !== '';
			continue;
		}
		if (zero) out += '零';
		zero = false;
		out += DIGIT_CHARS[d] + unit;
	}
	return out;
}

function toChinese(n: number): string {
	if (n === 0) return '零';
	const yi = Math.floor(n / 1e8);
	const wan = Math.floor(n / 1e4) % 1e4;
	const rest = n % 1e4;
	let out = yi ? section(yi) + '亿' : '';
	if (wan) out += (yi && wan < 1000 ? '零' : '') + section(wan) + '万';
	if (rest) out += ((yi || wan) && rest < 1000 ? '零' : '') + section(rest);
	return out;
}

const texty = fc.oneof(
	fc.string({ maxLength: 200 }),
	fc.string({
		unit: fc.constantFrom(...'0123456789０１２３４５.,，%％:：-至到第年月日时分多万亿千百十一二两三〇零 abcmillion thousand July percent'.split('')),
		maxLength: 400
	}),
	fc.string({ unit: 'grapheme', maxLength: 200 })
);

describe('numbers extractors and check, on any text', () => {
	it('never throw and always give spans inside the text', () => {
		fc.assert(
			fc.property(texty, texty, (source, target) => {
				for (const f of [...extractZh(source), ...extractEn(source)]) expect(f.span.end).toBeLessThanOrEqual(source.length);
				const findings = numbersCheck.run({ source, target }, { sourceLang: 'zh', targetLang: 'en' });
				for (const f of findings) if (f.target) expect(f.target.end).toBeLessThanOrEqual(target.length);
			}),
			{ numRuns: 300 }
		);
	});

	it('finish 20,000 characters within 100 ms', () => {
		const piece = fc.string({
			unit: fc.constantFrom(
				...'3.5万亿一百二十两千 第三 百分之三十五 2023年7月2日 8时30分 3至5万 35,000 thirty-five million July 2, 2023 8:30 3-5 a'.split('')
			),
			minLength: 50,
			maxLength: 200
		});
		// One warm-up run, so the bound measures the algorithm rather than the JIT compiling it.
		numbersCheck.run(
			{ source: '3.5万 第三 2023年7月2日'.repeat(1000), target: '35,000 third July 2, 2023'.repeat(800) },
			{ sourceLang: 'zh', targetLang: 'en' }
		);
		fc.assert(
			fc.property(piece, piece, (a, b) => {
				const source = a.repeat(Math.ceil(20000 / a.length)).slice(0, 20000);
				const target = b.repeat(Math.ceil(20000 / b.length)).slice(0, 20000);
				// The best of five: two cores are shared, and a slow run is the scheduler, not the check. Warm, a
				// 20,000-character pair takes 15–35 ms; the bound leaves room for a loaded machine.
				let best = Infinity;
				for (let round = 0; round < 5; round++) {
					const started = performance.now();
					numbersCheck.run({ source, target }, { sourceLang: 'zh', targetLang: 'en' });
					best = Math.min(best, performance.now() - started);
				}
				expect(best).toBeLessThan(100);
			}),
			// No shrinking: a slow case is slow at any size, and shrinking it re-measures for minutes.
			{ numRuns: 10, endOnFailure: true }
		);
	});
});

describe('Chinese numerals round-trip', () => {
	it('parses an integer written in Chinese numerals back to itself', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), (n) => {
				expect(parseZhNumeral(toChinese(n))).toBe(n);
			})
		);
	});

	it('parses digits multiplied by 万 or 亿 back to the value', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 99_999 }),
				fc.integer({ min: 0, max: 4 }),
				fc.constantFrom(['万', 1e4] as const, ['亿', 1e8] as const),
				(n, places, [unit, size]) => {
					const head = (n / 10 ** places).toFixed(places);
					const [found] = extractZh(`共${head}${unit}人`);
					expect(found.value).toBeCloseTo(Number(head) * size, 3);
				}
			)
		);
	});

	it('finds a Chinese-numeral count and its English digits as the same number', () => {
		fc.assert(
			fc.property(fc.integer({ min: 11, max: 99_999_999 }), (n) => {
				expect(
					numbersCheck.run({ source: `共${toChinese(n)}人`, target: `${n.toLocaleString('en-US')} people` }, { sourceLang: 'zh', targetLang: 'en' })
				).toEqual([]);
			})
		);
	});
});
