import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGlossary, findTerms, withEnding } from './match';
import type { GlossaryEntry } from './types';

function entry(source: string, target: string, extra: Partial<GlossaryEntry> = {}): GlossaryEntry {
	return { source, target, status: 'preferred', caseSensitive: false, ...extra };
}

const glossary = [
	entry('千万工程', 'Ten Million Project'),
	entry('千万', 'ten million'),
	entry('最后一公里', 'last mile'),
	entry('浦江经验', 'Pujiang Experience')
];

function texts(text: string, entries: GlossaryEntry[], side: 'source' | 'target', lang = 'en'): string[] {
	return findTerms(text, entries, side, lang).map((m) => text.slice(m.span.start, m.span.end));
}

describe('findTerms on Chinese', () => {
	it('finds a Han term inside running text and quotes', () => {
		const text = '实施“千万工程”，打通最后一公里';
		const found = findTerms(text, glossary, 'source', 'zh-Hans');
		expect(found.map((m) => [m.entry.source, m.span])).toEqual([
			['千万工程', { start: 3, end: 7 }],
			['最后一公里', { start: 11, end: 16 }]
		]);
	});

	it('lets the longest term win where terms overlap', () => {
		expect(texts('千万工程和千万人', glossary, 'source', 'zh')).toEqual(['千万工程', '千万']);
	});

	it('finds nothing where no term occurs', () => {
		expect(findTerms('浦江的经验', glossary, 'source', 'zh')).toEqual([]);
	});
});

describe('findTerms on English', () => {
	const en = [entry('x', 'project'), entry('y', 'city'), entry('z', 'Ten Million Project'), entry('w', 'match'), entry('v', 'Pujiang Experience')];

	it('matches on word boundaries only', () => {
		expect(texts('The projector broke; a subproject too.', en, 'target')).toEqual([]);
		expect(texts('The project, (project) and project.', en, 'target')).toEqual(['project', 'project', 'project']);
	});

	it('is case-insensitive unless the entry says otherwise', () => {
		expect(texts('PROJECT Project', en, 'target')).toEqual(['PROJECT', 'Project']);
		expect(texts('PROJECT Project project', [entry('x', 'Project', { caseSensitive: true })], 'target')).toEqual(['Project']);
	});

	it('tolerates plurals and possessives, on the last word of a multi-word term', () => {
		expect(texts('projects, cities, matches, city’s, project’s', en, 'target')).toEqual(['projects', 'cities', 'matches', 'city’s', 'project’s']);
		expect(texts('the Ten Million Projects and the Ten  Million\nProject', en, 'target')).toEqual(['Ten Million Projects', 'Ten  Million\nProject']);
		expect(texts('“Pujiang Experiences”', en, 'target')).toEqual(['Pujiang Experiences']);
	});

	it('keeps offsets where lower case would change the length (İ → i̇)', () => {
		const text = 'İSTANBUL PROJECT';
		expect(findTerms(text, en, 'target', 'en').map((m) => m.span)).toEqual([{ start: 9, end: 16 }]);
		expect(texts(text, [entry('x', 'İstanbul')], 'target')).toEqual(['İSTANBUL']);
	});

	it('does not inflect outside English', () => {
		expect(texts('projects', en, 'target', 'de')).toEqual([]);
	});

	it('prefers the longer term and reports the ending a fix should keep', () => {
		const found = findTerms('Ten Million Projects', en, 'target', 'en');
		expect(found.map((m) => [m.entry.source, m.ending])).toEqual([['z', 's']]);
	});

	it('keeps every entry that shares a term', () => {
		const shared = [entry('千万工程', 'Ten Million Project'), entry('千万工程', 'Ten Million Villages Project', { status: 'admitted' })];
		expect(findTerms('千万工程', shared, 'source', 'zh').map((m) => m.entry.target)).toEqual(['Ten Million Project', 'Ten Million Villages Project']);
	});
});

describe('withEnding', () => {
	it('carries plural and possessive endings over', () => {
		expect(withEnding('Ten Million Project', 's')).toBe('Ten Million Projects');
		expect(withEnding('city', 'ies')).toBe('cities');
		expect(withEnding('match', 'es')).toBe('matches');
		expect(withEnding('project', '’s')).toBe('project’s');
		expect(withEnding('project', "s'")).toBe("projects'");
		expect(withEnding('project', '')).toBe('project');
	});
});

describe('building the index a slice at a time', () => {
	const many = Array.from({ length: 300 }, (_, i) => entry(`术语${i}号`, `term number ${i}`));
	const zh = '术语7号和术语299号，实施千万工程';

	it('stops when told, goes on where it stopped, and matches as if built at once', () => {
		const matcher = compileGlossary([...glossary, ...many]);
		let asked = 0;
		// Enough at every second question: a slice of 64 entries each time, five for 304.
		const results: boolean[] = [];
		do results.push(matcher.prepare('source', 'zh', () => asked++ % 2 === 1));
		while (!results.at(-1) && results.length < 10);
		expect(results).toEqual([false, false, false, false, true]);
		expect(matcher.prepare('source', 'zh', () => true)).toBe(true);
		const whole = compileGlossary([...glossary, ...many]).find(zh, 'source', 'zh');
		expect(matcher.find(zh, 'source', 'zh')).toEqual(whole);
		expect(whole.map((m) => zh.slice(m.span.start, m.span.end))).toEqual(['术语7号', '术语299号', '千万工程']);
	});

	it('finds every term when asked before the index is whole', () => {
		const matcher = compileGlossary([...many, ...glossary]);
		expect(matcher.prepare('source', 'zh', () => true)).toBe(false);
		expect(matcher.find(zh, 'source', 'zh').map((m) => m.entry.target)).toEqual(['term number 7', 'term number 299', 'Ten Million Project']);
		expect(matcher.prepare('source', 'zh', () => true)).toBe(true);
	});

	it('answers the same text again from what it found last, per side', () => {
		const matcher = compileGlossary(glossary);
		const first = matcher.find('实施千万工程', 'source', 'zh');
		expect(matcher.find('the last mile', 'target', 'en')).toHaveLength(1);
		expect(matcher.find('实施千万工程', 'source', 'zh')).toBe(first);
		expect(matcher.find('实施千万工程。', 'source', 'zh')).not.toBe(first);
	});

	it('keeps the sides and the inflection apart', () => {
		const matcher = compileGlossary(glossary);
		expect(matcher.prepare('source', 'zh', () => false)).toBe(true);
		expect(matcher.prepare('target', 'en', () => true)).toBe(false);
		expect(matcher.find('the last miles', 'target', 'en').map((m) => m.entry.source)).toEqual(['最后一公里']);
		expect(matcher.find('the last miles', 'target', 'de')).toEqual([]);
	});
});

describe('matcher speed and robustness', () => {
	it('matches a 500-character segment against 5,000 entries in well under 5 ms', () => {
		const entries: GlossaryEntry[] = [];
		for (let i = 0; i < 2500; i++) entries.push(entry(`术语${i}号`, `term number ${i}`));
		for (let i = 0; i < 2500; i++) entries.push(entry(`source ${i}`, `word${i} project`));
		const compileStarted = performance.now();
		const matcher = compileGlossary(entries);
		const zh = ('实施“千万工程”术语12号和术语2400号，' + '打通服务群众最后一公里。').repeat(20).slice(0, 500);
		const en = 'The word12 projects of the city and word2400 project were studied in the meeting. '.repeat(8).slice(0, 500);
		matcher.find(zh, 'source', 'zh');
		matcher.find(en, 'target', 'en');
		console.log(`glossary compile (both sides, 5,000 entries): ${(performance.now() - compileStarted).toFixed(1)} ms`);
		const runs = 50;
		const started = performance.now();
		for (let i = 0; i < runs; i++) {
			matcher.find(zh, 'source', 'zh');
			matcher.find(en, 'target', 'en');
		}
		const perSegment = (performance.now() - started) / (runs * 2);
		console.log(`glossary match: ${perSegment.toFixed(3)} ms per 500-character segment, 5,000 entries`);
		expect(matcher.find(zh, 'source', 'zh').length).toBeGreaterThan(0);
		expect(matcher.find(en, 'target', 'en').length).toBeGreaterThan(0);
		expect(perSegment).toBeLessThan(5);
	});

	it('stays linear on text built to make regular expressions backtrack', () => {
		const entries = [entry('x', 'aaaa aaaa aaaa b'), entry('y', 'aaaa'), entry('z', 'a a a a a a a a c')];
		const text = 'aaaa '.repeat(4000) + 'a '.repeat(10000);
		const started = performance.now();
		const found = findTerms(text, entries, 'target', 'en');
		expect(performance.now() - started).toBeLessThan(1000);
		expect(found).toHaveLength(4000);
	});

	it('never throws and returns spans inside the text, whatever the terms and text', () => {
		const term = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('千万', 'a b', 'city', '.*', '(', 'ſ', 'İ', '\u{1F600}'));
		const anyEntry = fc.record({
			source: term,
			target: term,
			status: fc.constantFrom('preferred', 'admitted', 'deprecated', 'forbidden', 'do_not_translate' as const),
			caseSensitive: fc.boolean()
		});
		fc.assert(
			fc.property(fc.array(anyEntry, { maxLength: 20 }), fc.string({ maxLength: 200 }), fc.constantFrom('source', 'target' as const), (entries, text, side) => {
				for (const m of findTerms(text, entries, side, 'en')) {
					expect(m.span.start).toBeGreaterThanOrEqual(0);
					expect(m.span.end).toBeLessThanOrEqual(text.length);
					expect(m.span.end).toBeGreaterThan(m.span.start);
				}
			})
		);
	});
});
