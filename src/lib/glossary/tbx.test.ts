import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { glossaryToTbx, parseTbx, sameLanguage } from './tbx';
import type { GlossaryEntry } from './types';
import { TERM_STATUSES } from './types';
import { xmllint } from '../testing/export-fixture';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseTbx', () => {
	it('reads TBX 2 / TBX-Basic: tig and ntig, statuses, part of speech, notes and definitions', () => {
		const { entries, skipped, error } = parseTbx(fixture('tbx2-basic.tbx'), 'zh-Hans', 'en');
		expect(error).toBeUndefined();
		expect(entries.map((e) => [e.source, e.target, e.status, e.partOfSpeech])).toEqual([
			['千万工程', 'Ten Million Project', 'preferred', 'noun'],
			['千万工程', 'Thousand Villages Project', 'admitted', 'noun'],
			['千万工程', 'Ten Thousand Project', 'deprecated', 'noun'],
			['最后一公里', 'last mile', 'preferred', null]
		]);
		expect(entries[0].note).toBe("Zhejiang's programme to renovate ten thousand villages & model a thousand — rural policy");
		expect(entries[2].note).toContain('A mistranslation of 千万.');
		expect(entries[3].note).toBe('打通服务群众“最后一公里” → reach the last mile in serving the people');
		expect(skipped).toEqual([{ line: 57, reason: 'No term in en; the concept was skipped.' }]);
	});

	it('reads TBX v3: conceptEntry, langSec, termSec, language tags in any case', () => {
		const { entries, skipped } = parseTbx(fixture('tbx3-basic.tbx'), 'zh-CN', 'en-GB');
		expect(entries.map((e) => [e.source, e.target, e.status, e.note])).toEqual([
			['浦江经验', 'Pujiang Experience', 'preferred', 'Capitalised, as a proper name. — governance'],
			['浦江经验', 'Pujiang experience', 'deprecated', 'governance'],
			['千万工程', 'Ten Million Project', 'preferred', null],
			['千万工程', 'Ten Thousand Project', 'forbidden', null]
		]);
		expect(skipped).toEqual([{ line: 47, reason: 'No term in zh-CN; the concept was skipped.' }]);
	});

	it('refuses what is not XML or not TBX, saying why', () => {
		expect(parseTbx('source,target\n', 'zh', 'en').error).toBe('The file is not XML.');
		expect(parseTbx('<martif><text>', 'zh', 'en').error).toMatch(/^The file is not well-formed XML \(line 1: /);
		expect(parseTbx('<xliff version="2.0"/>', 'zh', 'en').error).toBe('The file is not TBX: its root element is neither <martif> (TBX 2) nor <tbx> (TBX v3).');
		expect(parseTbx('<martif type="TBX"><text><body/></text></martif>', 'zh', 'en').error).toBe('The TBX file has no concepts (termEntry or conceptEntry).');
	});

	it('does not expand entities a DOCTYPE defines', () => {
		const laughs = [
			'<?xml version="1.0"?>',
			'<!DOCTYPE martif [',
			'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
			...Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`),
			']>',
			'<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>千万</term></tig></langSet>',
			'<langSet xml:lang="en"><tig><term>&bbbbbbbbb;</term></tig></langSet></termEntry></body></text></martif>'
		].join('\n');
		const started = performance.now();
		const { entries } = parseTbx(laughs, 'zh', 'en');
		expect(performance.now() - started).toBeLessThan(1000);
		expect(entries.map((e) => e.target)).toEqual(['&bbbbbbbbb;']);
	});

	it('never throws on any input', () => {
		const xmlish = fc.stringMatching(
			/^(<martif>|<tbx>|<text>|<body>|<termEntry>|<langSet xml:lang="zh">|<tig>|<term>|<\/term>|x|&amp;|&#x1F600;|&foo;|\]\]>|<!--|")*$/
		);
		fc.assert(
			fc.property(fc.oneof(fc.string({ maxLength: 200 }), xmlish), (text) => {
				const result = parseTbx(text, 'zh', 'en');
				expect(Array.isArray(result.entries)).toBe(true);
			})
		);
	});
});

describe('sameLanguage', () => {
	it('compares primary subtags', () => {
		expect(sameLanguage('zh-Hans', 'ZH-CN')).toBe(true);
		expect(sameLanguage('en_GB', 'en')).toBe(true);
		expect(sameLanguage('en', 'eo')).toBe(false);
		expect(sameLanguage('', '')).toBe(false);
	});
});

describe('glossaryToTbx', () => {
	const entries: GlossaryEntry[] = [
		{ source: '千万工程', target: 'Ten Million Project', status: 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: 'R&D <rural> "programme"' },
		{ source: '千万工程', target: 'Ten Thousand Project', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null },
		{ source: '科协', target: 'Association for Science and Technology', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
		{ source: '老', target: 'old', status: 'deprecated', caseSensitive: false, partOfSpeech: null, note: null },
		{ source: 'WeChat', target: 'WeChat', status: 'do_not_translate', caseSensitive: false, partOfSpeech: null, note: null }
	];

	for (const version of [2, 3] as const) {
		it(`writes TBX ${version} that reads back to the same entries`, async () => {
			const xml = glossaryToTbx(entries, 'zh-Hans', 'en', version);
			expect(xml).toContain(version === 3 ? '<tbx style="dca" type="TBX-Basic"' : '<martif type="TBX-Basic"');
			expect(await xmllint(xml)).toEqual({ valid: true, errors: [] });
			expect(parseTbx(xml, 'zh', 'en')).toMatchObject({ entries, skipped: [] });
		});
	}

	it('writes well-formed XML for any text and reads back any ordinary entries', () => {
		const anyText = fc.string({ maxLength: 30, unit: 'binary' });
		const loose = fc.record({ source: anyText, target: anyText, status: fc.constantFrom(...TERM_STATUSES), caseSensitive: fc.constant(false) });
		fc.assert(
			fc.property(fc.array(loose, { maxLength: 5 }), fc.constantFrom(2 as const, 3 as const), (list, version) => {
				expect(XMLValidator.validate(glossaryToTbx(list, 'zh', 'en', version))).toBe(true);
			})
		);
		const term = fc
			.string({ minLength: 1, maxLength: 20 })
			.map((s) =>
				s
					.replace(/\p{Cc}/gu, '')
					.trim()
					.replace(/\s+/g, ' ')
			)
			.filter((s) => s.length > 0);
		const entry = fc.record({
			source: term,
			target: term,
			status: fc.constantFrom(...TERM_STATUSES),
			caseSensitive: fc.constant(false),
			partOfSpeech: fc.constant(null),
			note: fc.option(term, { nil: null })
		});
		fc.assert(
			fc.property(
				fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => `${e.source}\u0000${e.target}` }),
				fc.constantFrom(2 as const, 3 as const),
				(list, version) => {
					const grouped = [...list].sort((a, b) => list.findIndex((e) => e.source === a.source) - list.findIndex((e) => e.source === b.source));
					expect(parseTbx(glossaryToTbx(list, 'zh', 'en', version), 'zh', 'en')).toMatchObject({ entries: grouped, skipped: [] });
				}
			)
		);
	});
});
