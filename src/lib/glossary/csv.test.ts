import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glossaryToCsv, parseCsvRows, parseGlossaryCsv } from './csv';
import type { GlossaryEntry } from './types';

describe('parseCsvRows', () => {
	it('reads quoted fields, "" escapes, CRLF and LF, a BOM and newlines inside quotes', () => {
		const text = '\ufeffa,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n';
		expect(parseCsvRows(text)).toEqual([
			{ line: 1, fields: ['a', 'b'] },
			{ line: 2, fields: ['x, y', 'say "hi"'] },
			{ line: 3, fields: ['two\nlines', 'z'] }
		]);
	});

	it('counts lines past a quoted newline and skips blank lines', () => {
		expect(parseCsvRows('a\n\n"b\nc"\nd').map((r) => r.line)).toEqual([1, 3, 5]);
	});
});

describe('parseGlossaryCsv', () => {
	it('reads the columns by name, in any order and case, with aliases', () => {
		const text =
			'Translation,Term,Status,Case_Sensitive,Part of speech,Notes\nTen Million Project,千万工程,preferred,no,noun,Zhejiang rural programme\nWeChat,WeChat,dnt,yes,,\n';
		expect(parseGlossaryCsv(text)).toEqual({
			entries: [
				{
					source: '千万工程',
					target: 'Ten Million Project',
					status: 'preferred',
					caseSensitive: false,
					partOfSpeech: 'noun',
					note: 'Zhejiang rural programme'
				},
				{ source: 'WeChat', target: 'WeChat', status: 'do_not_translate', caseSensitive: true, partOfSpeech: null, note: null }
			],
			lines: [2, 3],
			skipped: []
		});
	});

	it('reports each row it cannot take, with its line and why', () => {
		const long = 'x'.repeat(201);
		const text = [
			'source,target,status,note',
			'千万工程,Ten Million Project,,',
			',last mile,,',
			'浦江经验,Pujiang Experience,approvedish,',
			'千万工程,Ten Million Project,admitted,',
			`${long},y,,`,
			`a,b,,${'n'.repeat(1001)}`,
			'最后一公里,,,'
		].join('\n');
		const { entries, skipped } = parseGlossaryCsv(text);
		expect(entries.map((e) => e.source)).toEqual(['千万工程']);
		expect(skipped).toEqual([
			{ line: 3, reason: 'Missing source term.' },
			{ line: 4, reason: 'Unknown status “approvedish”: use one of preferred, admitted, deprecated, forbidden, do_not_translate.' },
			{ line: 5, reason: 'Duplicate entry: “千万工程” → “Ten Million Project” appears earlier in the file.' },
			{ line: 6, reason: 'Source term too long (201 characters; at most 200).' },
			{ line: 7, reason: 'Note too long (1001 characters; at most 1000).' },
			{ line: 8, reason: 'Missing target term.' }
		]);
	});

	it('refuses a file without a header naming source and target', () => {
		expect(parseGlossaryCsv('千万工程,Ten Million Project\n').skipped).toEqual([
			{ line: 1, reason: 'The first row must name the columns, with at least “source” and “target”.' }
		]);
		expect(parseGlossaryCsv('').skipped).toEqual([{ line: 1, reason: 'The file is empty.' }]);
		// Refusals of the whole file say so, for an import to refuse rather than import nothing.
		expect(parseGlossaryCsv('').error).toBe('The file is empty.');
		expect(parseGlossaryCsv('source,target\n千万工程,\n').error).toBeUndefined();
	});
});

describe('glossaryToCsv', () => {
	const entries: GlossaryEntry[] = [
		{
			source: '千万工程',
			target: 'Ten Million Project',
			status: 'preferred',
			caseSensitive: false,
			partOfSpeech: 'noun',
			note: 'says "ten million",\nnot ten thousand'
		},
		{ source: '减负', target: '-burden', status: 'forbidden', caseSensitive: true, partOfSpeech: null, note: '=SUM(A1)' }
	];

	it('writes a header and quotes what needs quoting, guarding formula cells', () => {
		const csv = glossaryToCsv(entries);
		expect(csv.split('\r\n')[0]).toBe('source,target,status,case_sensitive,part_of_speech,note');
		expect(csv).toContain(`"'=SUM(A1)"`);
		expect(csv).toContain(`"'-burden"`);
	});

	it('reads back what it writes', () => {
		expect(parseGlossaryCsv(glossaryToCsv(entries))).toMatchObject({ entries, skipped: [] });
	});

	it('round-trips any entries and never throws on any input', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), (text) => {
				const { entries: parsed, skipped } = parseGlossaryCsv(text);
				expect(Array.isArray(parsed) && Array.isArray(skipped)).toBe(true);
			})
		);
		const term = fc
			.string({ minLength: 1, maxLength: 20 })
			.map((s) => s.trim().replace(/\s+/g, ' '))
			.filter((s) => s.length > 0 && !s.startsWith("'"));
		const anyEntry = fc.record({
			source: term,
			target: term,
			status: fc.constantFrom('preferred', 'admitted', 'deprecated', 'forbidden', 'do_not_translate' as const),
			caseSensitive: fc.boolean(),
			partOfSpeech: fc.constant(null),
			note: fc.constant(null)
		});
		fc.assert(
			fc.property(fc.uniqueArray(anyEntry, { maxLength: 10, selector: (e) => `${e.source}\u0000${e.target}` }), (list) => {
				expect(parseGlossaryCsv(glossaryToCsv(list))).toMatchObject({ entries: list, skipped: [] });
			})
		);
	});
});
