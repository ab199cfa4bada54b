import { describe, expect, it } from 'vitest';
import { compileGlossary } from '../glossary/match';
import { DEMO_GLOSSARY } from '../glossary/demo';
import type { GlossaryEntry } from '../glossary/types';
import { numberedTerm, sourceTerms } from './source-terms';

const entry = (source: string, target: string, status: GlossaryEntry['status']): GlossaryEntry => ({ source, target, status, caseSensitive: false });

describe('sourceTerms', () => {
	const matcher = compileGlossary(DEMO_GLOSSARY);

	it('inserts the preferred rendition where a forbidden one shares the term, and says both', () => {
		const [term] = sourceTerms(matcher, '学习“千万工程”案例', 'zh-Hans');
		expect(term).toMatchObject({ span: { start: 3, end: 7 }, insert: 'Ten Million Project', kind: 'approved', number: 1 });
		expect(term.description).toContain('“Ten Million Project” (preferred)');
		expect(term.description).toContain('“Ten Thousand Project” (forbidden)');
	});

	it('numbers distinct terms in reading order; a repeated term keeps its number', () => {
		const terms = sourceTerms(matcher, '浦江经验和千万工程，再说浦江经验', 'zh-Hans');
		expect(terms.map((t) => [t.insert, t.number])).toEqual([
			['Pujiang Experience', 1],
			['Ten Million Project', 2],
			['Pujiang Experience', 1]
		]);
		expect(numberedTerm(terms, 2)).toBe('Ten Million Project');
		expect(numberedTerm(terms, 3)).toBeNull();
	});

	it('keeps a do-not-translate term as written and inserts nothing for a forbidden-only term', () => {
		const glossary = [entry('WeChat', 'WeChat', 'do_not_translate'), entry('小康', 'xiaokang', 'forbidden')];
		const terms = sourceTerms(compileGlossary(glossary), '关注WeChat，建设小康', 'zh-Hans');
		expect(terms.map((t) => [t.kind, t.insert, t.number])).toEqual([
			['keep', 'WeChat', 1],
			['avoid', null, null]
		]);
	});

	it('finds nothing without matching terms', () => {
		expect(sourceTerms(matcher, '日期 2023-07-02', 'zh-Hans')).toEqual([]);
	});
});
