// Property tests: whatever comes in, the importers answer with well-formed segments or a 4xx
// with a message. Inputs are capped at 5,000 characters and runs at 200 so the suite stays fast;
// FC_RUNS=5000 digs deeper.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRows, splitBlock } from './align';
import { IMPORT_FORMATS, importDocument, type ImportFormat } from './document';
import { parseHtml } from './html';
import { parseMarkdown } from './markdown';
import { isBlock, plainText, type Block } from './model';
import { parseText } from './text';
import { decodeUpload } from './upload';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };
const MAX = 5_000;

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyString = fc.oneof(
	fc.string({ maxLength: MAX }),
	fc.string({ unit: 'binary', maxLength: MAX }),
	fc.string({ unit: 'grapheme', maxLength: MAX }),
	fc.string({ unit: codeUnit, maxLength: MAX }) // lone surrogates included
);
const fromPieces = (pieces: string[]) =>
	fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 400 }).map((parts) => parts.join(''));
// prettier-ignore
const markdownLike = fromPieces([
	'**', '*', '_', '__', '~~', '`', '```', '[', ']', '(', ')', '](', '![', 'https://example.org/a', 'javascript:alert(1)',
	'mailto:a@example.org', ' "t"', '[r]', '[r]: https://example.org/r', '<', '>', '<b>', '<script>', '\\', '&amp;', '&#0;',
	'\n', '\n\n', '  \n', '\r\n', '# ', '## ', '- ', '1. ', '> ', '|', '| --- |', '---', '    ', '\t', ' ', 'word', '中文',
	'“浦江经验”', '😀', '👩🏽‍🔬', '\u0000', '\uFEFF'
]);
// prettier-ignore
const htmlLike = fromPieces([
	'<p>', '</p>', '<b>', '</b>', '<i>', '</i>', '<em>', '<strong>', '</strong>', '<a href="https://example.org/a">',
	'<a href="javascript:alert(1)">', '<a href=" data:text/html,x">', '<a href="vbscript:x" title="t">', '</a>', '<br>', '<br/>',
	'<h1>', '</h1>', '<h4>', '<ul>', '<li>', '</li>', '<div>', '</div>', '<blockquote>', '<pre>', '</pre>', '<table>', '<td>',
	'<script>SECRET</script>', '<style>SECRET</style>', '<template>SECRET', '<iframe>SECRET</iframe>',
	'<noscript>SECRET</noscript>', '<svg><text>SECRET</text></svg>', '<object>SECRET</object>', '<title>SECRET</title>',
	'<div hidden>SECRET</div>', '<img alt="x">', '<!--', '-->', '<![CDATA[', '&amp;', '&lt;', '&nbsp;', '&#0;', '"', "'", '<',
	'>', '=', '/', '\n', ' ', 'word', '中文', '😀', '\u0000', '\uFEFF', '<!doctype html>', '<html>', '<head>', '<body>'
]);
const format = fc.constantFrom<ImportFormat>(...IMPORT_FORMATS);

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function expectWellFormed(blocks: Block[]): void {
	expect(Array.isArray(blocks)).toBe(true);
	for (const block of blocks) {
		expect(isBlock(block), JSON.stringify(block)).toBe(true);
		const text = plainText(block);
		expect(CONTROL.test(text)).toBe(false);
		expect(text.isWellFormed()).toBe(true);
	}
}

describe.each([
	['text', parseText],
	['markdown', parseMarkdown],
	['html', parseHtml]
] as const)('%s parser', (_, parse) => {
	it('returns well-formed blocks for any string', () => {
		fc.assert(
			fc.property(anyString, (input) => expectWellFormed(parse(input))),
			RUNS
		);
	});
	it('returns well-formed blocks for markdown-like and HTML-like input', () => {
		fc.assert(
			fc.property(fc.oneof(markdownLike, htmlLike), (input) => expectWellFormed(parse(input))),
			RUNS
		);
	});
});

describe('html parser', () => {
	// Whole tags and words only: a stray '</' or '<![CDATA[' would turn a following '<script>' into a
	// comment and leave SECRET as ordinary visible text, as a browser shows it.
	const tagsAndWords = fc
		.array(
			fc.constantFrom(
				'<p>',
				'</p>',
				'<b>',
				'</b>',
				'<i>',
				'<a href="https://example.org/">',
				'</a>',
				'<br>',
				'<h2>',
				'</h2>',
				'<li>',
				'<div>',
				'</div>',
				'<pre>',
				'<table>',
				'<td>',
				'<!-- c -->',
				'<script>SECRET</script>',
				'<script>',
				'</script>',
				'<style>SECRET</style>',
				'<template>SECRET</template>',
				'<iframe>SECRET</iframe>',
				'<noscript>SECRET</noscript>',
				'<svg><text>SECRET</text></svg>',
				'<object>SECRET</object>',
				'<title>SECRET</title>',
				'<div hidden>SECRET</div>',
				'<textarea>SECRET</textarea>',
				' ',
				'\n',
				'word',
				'中文',
				'😀'
			),
			{ maxLength: 300 }
		)
		.map((parts) => parts.join(''));

	it('never lets the content of script, style and friends through', () => {
		fc.assert(
			fc.property(tagsAndWords, (input) => {
				for (const block of parseHtml(input)) expect(plainText(block)).not.toContain('SECRET');
			}),
			RUNS
		);
	});
});

describe('text parser', () => {
	const line = fc
		.string({ unit: 'binary', minLength: 1, maxLength: 60 })
		// eslint-disable-next-line no-control-regex -- lines without controls or line breaks
		.map((text) => text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, '').trim())
		.filter((text) => text !== '');
	const paragraph = fc.array(line, { minLength: 1, maxLength: 5 });
	const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
	const separator = fc.constantFrom('\n\n', '\n\n\n', '\r\n\r\n', '\r\r', '\n \t\n', '\n\u3000\n');

	it('round-trips the paragraphs of a multi-paragraph text through plainText', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(paragraph, lineEnd, separator), { minLength: 1, maxLength: 30 }), (paragraphs) => {
				const input = paragraphs.map(([lines, end, sep]) => lines.join(end) + sep).join('');
				expect(parseText(input).map(plainText)).toEqual(paragraphs.map(([lines]) => lines.join('\n')));
			}),
			RUNS
		);
	});
});

describe('importDocument', () => {
	it('gives segments or a 4xx with a message for any input, never an exception', () => {
		const source = fc.oneof(anyString, markdownLike, htmlLike);
		const translation = fc.option(fc.oneof(anyString, markdownLike, htmlLike), { nil: undefined });
		fc.assert(
			fc.property(source, translation, format, (source, translation, format) => {
				const result = importDocument({ source, translation, format });
				if (result.ok) {
					expect(result.source.length).toBeGreaterThan(0);
					expectWellFormed(result.source);
					if (result.translation) expectWellFormed(result.translation);
					expect(result.aligned).toBe(result.translation === null || result.translation.length === result.source.length);
					expect(result.counts).toEqual({ source: result.source.length, translation: result.translation?.length ?? 0 });
				} else {
					expect([400, 413]).toContain(result.status);
					expect(result.message.length).toBeGreaterThan(0);
				}
			}),
			RUNS
		);
	});
});

describe('decodeUpload', () => {
	const filename = fc.oneof(
		fc.constantFrom('a.txt', 'a.md', 'a.markdown', 'a.html', 'A.HTM', 'a.pdf', 'a', '.txt', '', 'dir/a.txt', 'C:\\x\\a.md'),
		fc.string({ maxLength: 40 })
	);

	it('accepts or refuses any bytes with a 4xx and a message, and what it accepts imports', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: MAX }), filename, fc.integer({ min: 0, max: 2 * MAX }), (bytes, name, limit) => {
				const result = decodeUpload(bytes, name, limit);
				if (result.ok) {
					expect(typeof result.text).toBe('string');
					expect(IMPORT_FORMATS).toContain(result.format);
					const imported = importDocument({ source: result.text, format: result.format });
					if (!imported.ok) expect([400, 413]).toContain(imported.status);
				} else {
					expect([400, 413, 415]).toContain(result.status);
					expect(result.message.length).toBeGreaterThan(0);
				}
			}),
			RUNS
		);
	});

	it('decodes any well-formed UTF-8 text file unchanged', () => {
		const text = fc
			.string({ unit: 'binary', minLength: 1, maxLength: MAX })
			// eslint-disable-next-line no-control-regex -- text without the controls an import drops
			.map((value) => value.replace(/[\u0000-\u0008\u000B-\u001F\u007F\uFEFF]/g, ''))
			.filter((value) => value.trim() !== '');
		fc.assert(
			fc.property(text, (value) => {
				expect(decodeUpload(new TextEncoder().encode(value), 'a.txt')).toEqual({ ok: true, text: value, format: 'text' });
			}),
			RUNS
		);
	});
});

describe('merge and split', () => {
	const document = fc.oneof(markdownLike.map(parseMarkdown), htmlLike.map(parseHtml)).filter((blocks) => blocks.length > 0);

	it('splitBlock gives two well-formed halves that make up the text, or null', () => {
		fc.assert(
			fc.property(document, fc.nat(), fc.integer({ min: -5, max: 5_000 }), (blocks, index, offset) => {
				const block = blocks[index % blocks.length];
				const halves = splitBlock(block, offset);
				if (halves === null) return;
				expectWellFormed(halves);
				const [left, right] = halves.map(plainText);
				const whole = plainText(block);
				expect(whole.startsWith(left)).toBe(true);
				expect(whole.endsWith(right)).toBe(true);
				expect(whole.slice(left.length, whole.length - right.length).trim()).toBe('');
			}),
			RUNS
		);
	});

	it('mergeRows then splitting at the joint gives the rows back', () => {
		const twoOrMore = document.filter((blocks) => blocks.length >= 2);
		fc.assert(
			fc.property(twoOrMore, fc.nat(), (blocks, n) => {
				const index = n % (blocks.length - 1);
				const merged = mergeRows(blocks, index);
				expect(merged).toHaveLength(blocks.length - 1);
				expectWellFormed(merged);
				const halves = splitBlock(merged[index], plainText(blocks[index]).length);
				expect(halves?.map(plainText)).toEqual([plainText(blocks[index]), plainText(blocks[index + 1])]);
			}),
			RUNS
		);
	});
});
