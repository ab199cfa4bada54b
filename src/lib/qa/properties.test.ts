import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText, type Block, type Inline, type Mark } from '../import/model';
import { CHECKS, runChecks } from './run';
import type { QaContext, QaSegment, Span } from './types';

// Pieces that reach the checks' special cases, mixed with any UTF-16 unit (lone surrogates too).
const PIECES = [
	'丨',
	'黑龙江',
	'，',
	'。',
	'：',
	'“',
	'”',
	'‘',
	'’',
	'（',
	'）',
	'(',
	')',
	'[',
	']',
	'{',
	'}',
	'"',
	'……',
	'——',
	'\u3000',
	'Ｇ２０',
	'カナ',
	'한',
	'𠀀',
	'😀',
	' ',
	'  ',
	'\n',
	'\t',
	'the',
	'The the',
	'had',
	'http://',
	'https://www.a.cn/x',
	'www.',
	'.com',
	'a@b.cn',
	'@',
	'.',
	'\uD800',
	'\uDC00',
	'\u00A0'
];
const unit = fc.oneof(
	fc.constantFrom(...PIECES),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
	fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))
);
const text = (maxLength: number) => fc.string({ unit, maxLength });

const href = fc.constantFrom('https://www.hljnews.cn/', 'https://hljnews.cn/', 'mailto:a@b.cn');
const mark: fc.Arbitrary<Mark> = fc.oneof(
	fc.constant<Mark>({ type: 'strong' }),
	fc.constant<Mark>({ type: 'em' }),
	href.map((value): Mark => ({ type: 'link', attrs: { href: value, title: null } }))
);
const inline: fc.Arbitrary<Inline> = fc.oneof(
	fc.record({ type: fc.constant('text' as const), text: text(30), marks: fc.array(mark, { maxLength: 3 }) }),
	fc.constant<Inline>({ type: 'hard_break' })
);
const block: fc.Arbitrary<Block> = fc.oneof(
	fc.array(inline, { maxLength: 12 }).map((content): Block => ({ type: 'paragraph', content })),
	fc.array(inline, { maxLength: 12 }).map((content): Block => ({ type: 'heading', attrs: { level: 2 }, content }))
);
const context: fc.Arbitrary<QaContext> = fc.record({
	sourceLang: fc.constantFrom('zh-Hans', 'en'),
	targetLang: fc.constantFrom('en', 'fr', 'de', 'zh-Hans', 'ja', 'ko')
});

// Either plain texts (blocks, if any, unrelated) or texts taken from the blocks, as the app sends them.
const segment: fc.Arbitrary<QaSegment> = fc.oneof(
	fc.record({
		source: text(200),
		target: text(200),
		mt: fc.option(text(50)),
		sourceBlock: fc.option(block, { nil: undefined }),
		targetBlock: fc.option(block, { nil: undefined })
	}),
	fc.tuple(block, block, fc.boolean()).map(([sourceBlock, targetBlock, sameMt]) => ({
		source: plainText(sourceBlock),
		target: plainText(targetBlock),
		mt: sameMt ? plainText(targetBlock) : null,
		sourceBlock,
		targetBlock
	}))
);

function within(span: Span | undefined, of: string): boolean {
	return (
		span === undefined || (Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start < span.end && span.end <= of.length)
	);
}

function applyFix(target: string, span: Span, replacement: string): string {
	return target.slice(0, span.start) + replacement + target.slice(span.end);
}

describe('every check, on any input', () => {
	it('does not throw and keeps its spans inside the texts', () => {
		fc.assert(
			fc.property(segment, context, (seg, ctx) => {
				for (const check of CHECKS) {
					for (const finding of check.run(seg, ctx)) {
						expect(finding.message).not.toBe('');
						expect(within(finding.source, seg.source)).toBe(true);
						expect(within(finding.target, seg.target)).toBe(true);
						if (finding.fix) expect(within(finding.fix.target, seg.target)).toBe(true);
					}
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('has fixes that make the finding go away', () => {
		fc.assert(
			fc.property(segment, context, (seg, ctx) => {
				for (const check of CHECKS) {
					const findings = check.run(seg, ctx);
					for (const finding of findings) {
						if (!finding.fix) continue;
						const fixed = { ...seg, target: applyFix(seg.target, finding.fix.target, finding.fix.replacement) };
						expect(check.run(fixed, ctx).length, `${check.id} on ${JSON.stringify(seg.target)}`).toBeLessThan(findings.length);
					}
				}
			}),
			{ numRuns: 500 }
		);
	});
});

describe('runChecks on long texts', () => {
	// A guard against patterns that backtrack (quadratic or worse on 20,000 characters: seconds),
	// not a speed target (that is bench/qa.bench.ts). Linear checks take a few milliseconds here;
	// the bound is loose because a 2-core CI machine runs four test workers beside Postgres.
	const LIMIT_MS = 250;
	// The best of three runs: the machine is shared, and a busy neighbour is no slowness of ours.
	const timed = (seg: QaSegment, ctx: QaContext): number => {
		let best = Infinity;
		for (let i = 0; i < 3; i++) {
			const started = performance.now();
			runChecks(seg, ctx);
			best = Math.min(best, performance.now() - started);
		}
		return best;
	};
	const en = { sourceLang: 'zh-Hans', targetLang: 'en' };

	it('finishes quickly on random 20,000-character texts', () => {
		fc.assert(
			fc.property(
				fc.string({ unit, minLength: 20_000, maxLength: 20_000 }),
				fc.string({ unit, minLength: 20_000, maxLength: 20_000 }),
				context,
				(source, target, ctx) => {
					expect(timed({ source, target, mt: target }, ctx)).toBeLessThan(2 * LIMIT_MS);
				}
			),
			// Shrinking 20,000-character strings would take longer than the test is worth.
			{ numRuns: 10, endOnFailure: true }
		);
	});

	it('finishes quickly on texts built to make patterns backtrack', () => {
		for (const piece of [
			'a',
			'www.',
			'a.',
			'a@',
			'http://a',
			'the ',
			'  x',
			'(',
			'”',
			'"',
			'丨',
			'，',
			'\n',
			'x\u3000',
			'bb.',
			'a@' + 'b.'.repeat(10_000),
			'a@' + 'bb.'.repeat(7_000)
		]) {
			const long = piece.repeat(Math.ceil(20_000 / piece.length)).slice(0, 20_000);
			expect(timed({ source: long, target: long, mt: long }, en), JSON.stringify(piece)).toBeLessThan(2 * LIMIT_MS);
		}
	});
});
