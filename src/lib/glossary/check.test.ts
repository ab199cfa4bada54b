import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glossaryCheck, glossaryConsistencyFindings } from './check';
import type { GlossaryEntry } from './types';
import type { QaContext } from '../qa/types';

const fixture = (name: string) => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');

function entry(source: string, target: string, extra: Partial<GlossaryEntry> = {}): GlossaryEntry {
	return { source, target, status: 'preferred', caseSensitive: false, ...extra };
}

const demoGlossary = [entry('千万工程', 'Ten Million Project'), entry('最后一公里', 'last mile'), entry('浦江经验', 'Pujiang Experience')];
const context: QaContext = { sourceLang: 'zh-Hans', targetLang: 'en', glossary: demoGlossary };

describe('glossaryCheck', () => {
	it('says which approved term is missing, on the source span', () => {
		const findings = glossaryCheck.run({ source: '实施“千万工程”', target: 'Implement the “Ten Thousand Project”' }, context);
		expect(findings).toEqual([{ message: '“千万工程” should be translated as “Ten Million Project”.', source: { start: 3, end: 7 } }]);
	});

	it('accepts the approved term, inflected, or any admitted alternative', () => {
		expect(glossaryCheck.run({ source: '千万工程', target: 'the Ten Million Projects' }, context)).toEqual([]);
		const withAlternative = { ...context, glossary: [...demoGlossary, entry('千万工程', 'Thousand Villages Project', { status: 'admitted' })] };
		expect(glossaryCheck.run({ source: '千万工程', target: 'the Thousand Villages Project' }, withAlternative)).toEqual([]);
		const missing = glossaryCheck.run({ source: '千万工程', target: 'the project' }, withAlternative);
		expect(missing.map((f) => f.message)).toEqual(['“千万工程” should be translated as “Ten Million Project” or “Thousand Villages Project”.']);
	});

	it('flags a forbidden target term and offers the preferred one, keeping its plural', () => {
		const glossary = [...demoGlossary, entry('千万工程', 'Ten Thousand Project', { status: 'forbidden' })];
		const target = 'Cases of “Ten Thousand Projects” and the Ten Million Project';
		const findings = glossaryCheck.run({ source: '“千万工程”', target }, { ...context, glossary });
		expect(findings).toEqual([
			{
				message: '“Ten Thousand Projects” is a forbidden term; use “Ten Million Projects”.',
				target: { start: 10, end: 31 },
				fix: { target: { start: 10, end: 31 }, replacement: 'Ten Million Projects', label: 'Replace with “Ten Million Projects”' }
			}
		]);
	});

	it('flags a deprecated term without a fix when nothing is preferred for it', () => {
		const glossary = [entry('科协', 'Science Association', { status: 'deprecated' })];
		const findings = glossaryCheck.run({ source: '科协', target: 'the Science Association' }, { ...context, glossary });
		expect(findings).toEqual([{ message: '“Science Association” is a deprecated term.', target: { start: 4, end: 23 } }]);
	});

	it('flags a do-not-translate term that the target changed', () => {
		const glossary = [entry('WeChat', 'WeChat', { status: 'do_not_translate', caseSensitive: true })];
		expect(glossaryCheck.run({ source: '关注WeChat公众号', target: 'Follow the WeChat account' }, { ...context, glossary })).toEqual([]);
		expect(glossaryCheck.run({ source: '关注WeChat公众号', target: 'Follow the Wechat account' }, { ...context, glossary })).toEqual([
			{ message: '“WeChat” must not be translated: keep it exactly as written.', source: { start: 2, end: 8 } }
		]);
	});

	it('finds nothing without a glossary or with an empty target', () => {
		expect(glossaryCheck.run({ source: '千万工程', target: 'x' }, { sourceLang: 'zh', targetLang: 'en' })).toEqual([]);
		expect(glossaryCheck.run({ source: '千万工程', target: '' }, context)).toEqual([]);
	});

	it('flags the demo article’s “Ten Thousand Project” paragraphs and the lost “last mile”', () => {
		const zh = fixture('heilongjiang-daily-2023-07-02.zh.txt').split('\n');
		const en = fixture('heilongjiang-daily-2023-07-02.en-mt.txt').split('\n');
		const flagged = zh.flatMap((source, line) => glossaryCheck.run({ source, target: en[line] ?? '' }, context).map((f) => `${line + 1}: ${f.message}`));
		expect(flagged).toEqual([
			'1: “千万工程” should be translated as “Ten Million Project”.',
			'15: “千万工程” should be translated as “Ten Million Project”.',
			'17: “千万工程” should be translated as “Ten Million Project”.',
			'19: “最后一公里” should be translated as “last mile”.'
		]);
	});

	it('checks a 500-character segment against 5,000 entries in well under 5 ms', () => {
		const glossary: GlossaryEntry[] = [...demoGlossary];
		for (let i = 0; i < 5000; i++) glossary.push(entry(`术语${i}号`, `term number ${i}`, { status: i % 10 === 0 ? 'forbidden' : 'preferred' }));
		const source = '实施“千万工程”，术语12号、术语30号和术语2400号打通最后一公里。'.repeat(12).slice(0, 500);
		const target = 'Implement the “Ten Thousand Project”, term number 12, term number 30 and the last mile. '.repeat(6).slice(0, 500);
		const withGlossary = { ...context, glossary };
		glossaryCheck.run({ source, target }, withGlossary);
		const runs = 50;
		const started = performance.now();
		for (let i = 0; i < runs; i++) glossaryCheck.run({ source, target }, withGlossary);
		const perSegment = (performance.now() - started) / runs;
		console.log(`glossary check: ${perSegment.toFixed(3)} ms per 500-character segment, 5,000 entries`);
		expect(glossaryCheck.run({ source, target }, withGlossary).length).toBeGreaterThan(10);
		expect(perSegment).toBeLessThan(5);
	});

	it('never throws, whatever the segment and glossary', () => {
		const term = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('千万工程', 'project', 'Ten Million Project'));
		const anyEntry = fc.record({
			source: term,
			target: term,
			status: fc.constantFrom('preferred', 'admitted', 'deprecated', 'forbidden', 'do_not_translate' as const),
			caseSensitive: fc.boolean()
		});
		fc.assert(
			fc.property(fc.array(anyEntry, { maxLength: 10 }), fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (glossary, source, target) => {
				const findings = glossaryCheck.run({ source, target }, { sourceLang: 'zh', targetLang: 'en', glossary });
				for (const f of findings) expect(f.message.length).toBeGreaterThan(0);
			})
		);
	});
});

describe('glossaryConsistencyFindings', () => {
	it('flags the segments that render a term differently from the rest of the document', () => {
		const glossary = [entry('千万工程', 'Ten Million Project'), entry('千万工程', 'Thousand Villages Project', { status: 'admitted' })];
		const segments = [
			{ source: '千万工程', target: 'Ten Million Project' },
			{ source: '学习千万工程', target: 'study the Thousand Villages Project' },
			{ source: '千万工程经验', target: 'Ten Million Project experience' }
		];
		expect(glossaryConsistencyFindings(segments, { ...context, glossary })).toEqual([
			{
				segment: 1,
				source: { start: 2, end: 6 },
				message: '“千万工程” is translated as “Thousand Villages Project” here but as “Ten Million Project” elsewhere in the document.'
			}
		]);
	});
});

describe('glossaryCheck with case variants', () => {
	const glossary = [entry('浦江经验', 'Pujiang Experience'), entry('浦江经验', 'Pujiang experience', { status: 'deprecated' })];

	it('flags the deprecated spelling but not the preferred one', () => {
		expect(glossaryCheck.run({ source: '浦江经验', target: 'the Pujiang Experience' }, { ...context, glossary })).toEqual([]);
		const findings = glossaryCheck.run({ source: '浦江经验', target: 'the Pujiang experience' }, { ...context, glossary });
		expect(findings.map((f) => f.fix?.replacement)).toEqual(['Pujiang Experience']);
	});
});
