import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEngineAnswer, toEngineSegment, type TagDialect } from './tags';
import { isBlock, sameBlock, sortMarks, tidyInline, type Block, type Inline, type Mark } from '../import/model';
import { blockOverLimit } from '../import/block-limits';
import { blockSchema } from '../import/input';
import { storableText } from '../validation';

// Any segment survives an engine that answers with what it was sent; any garbling of that answer
// yields a block the save path accepts (or a stated refusal), never a throw, and never a mark the
// source did not have.

const PIECES = ['黑龙江', '，', '。', ' ', '  ', '\t', 'the', '<', '>', '&', '&amp;', '"', "'", '=', '/', 'b id="1"', '😀', '\u00a0', 'x'];
const text = fc
	.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 4 })
	.map((parts) => storableText(parts.join('')).replace(/[\r\n]/g, ''));
const links: Mark[] = [
	{ type: 'link', attrs: { href: 'https://example.org/', title: null } },
	{ type: 'link', attrs: { href: 'https://example.org/a?b=1&c=%22', title: 'A "title" <here>' } },
	{ type: 'link', attrs: { href: 'mailto:desk@example.org', title: null } }
];
const marks = fc
	.record({ strong: fc.boolean(), em: fc.boolean(), link: fc.option(fc.constantFrom(...links), { nil: undefined }) })
	.map(({ strong, em, link }) =>
		sortMarks([...(strong ? [{ type: 'strong' } as Mark] : []), ...(em ? [{ type: 'em' } as Mark] : []), ...(link ? [link] : [])])
	);
const inline: fc.Arbitrary<Inline> = fc.oneof(
	{ weight: 5, arbitrary: fc.tuple(text, marks).map(([t, m]): Inline => (m.length ? { type: 'text', text: t, marks: m } : { type: 'text', text: t })) },
	{ weight: 1, arbitrary: fc.constant<Inline>({ type: 'hard_break' }) }
);
const block: fc.Arbitrary<Block> = fc
	.tuple(fc.array(inline, { minLength: 1, maxLength: 12 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }))
	.map(([nodes, level]): Block => {
		const content = tidyInline(nodes);
		return level ? { type: 'heading', attrs: { level: level as 1 }, content } : { type: 'paragraph', content };
	})
	.filter((b) => isBlock(b) && blockOverLimit(b) === null);
const dialect = fc.constantFrom<TagDialect>('html', 'placeholders');

const JUNK = [
	'<b id="1">',
	'</b>',
	'<i id="2">',
	'</i>',
	'<a id="3">',
	'</a>',
	'<a id="1" href="javascript:alert(1)">',
	'<g1>',
	'</g1>',
	'<g2/>',
	'<br>',
	'<br/>',
	'<p>',
	'</p>',
	'<script>',
	'<style>',
	'<template>',
	'<!--',
	'-->',
	'<![CDATA[',
	'&',
	'&#0;',
	'&#xD800;',
	'\n',
	'\r\n',
	'<',
	'>',
	'"',
	'<b id="99">',
	'<b id="1" id="2">',
	'<table>',
	'<td>',
	'<svg><foreignObject>',
	'<textarea>'
];
type Garble = { kind: 'cut' | 'copy' | 'insert'; at: number; length: number; junk: string };
const garble: fc.Arbitrary<Garble> = fc.record({
	kind: fc.constantFrom('cut', 'copy', 'insert'),
	at: fc.nat(),
	length: fc.nat({ max: 20 }),
	junk: fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 6 }))
});

function apply(text: string, g: Garble): string {
	const at = text.length ? g.at % (text.length + 1) : 0;
	if (g.kind === 'cut') return text.slice(0, at) + text.slice(at + g.length);
	if (g.kind === 'copy') return text.slice(0, at) + text.slice(at, at + g.length) + text.slice(at);
	return text.slice(0, at) + g.junk + text.slice(at);
}

const markSet = (b: Block) => new Set((b.content ?? []).flatMap((n) => (n.type === 'text' ? (n.marks ?? []) : [])).map((m) => JSON.stringify(m)));

describe('engine tags', () => {
	it('survive an engine that answers with what it was sent', () => {
		fc.assert(
			fc.property(block, dialect, (b, d) => {
				const sent = toEngineSegment(b, d);
				const answer = fromEngineAnswer(sent.text, sent);
				expect(answer.ok && answer.formattingLost === false && sameBlock(answer.block, b)).toBe(true);
			}),
			{ numRuns: 1000 }
		);
	});

	it('yield a valid block or a refusal from any garbled answer, with no mark the source lacked', () => {
		fc.assert(
			fc.property(block, dialect, fc.array(garble, { minLength: 1, maxLength: 6 }), (b, d, garbles) => {
				const sent = toEngineSegment(b, d);
				const answer = fromEngineAnswer(garbles.reduce(apply, sent.text), sent);
				if (!answer.ok) {
					expect(answer.error).toMatch(/\S/);
					return;
				}
				expect(blockSchema.safeParse(answer.block).success).toBe(true);
				const allowed = markSet(b);
				for (const mark of markSet(answer.block)) expect(allowed.has(mark)).toBe(true);
			}),
			{ numRuns: 1000 }
		);
	});

	it('never throw, whatever the answer', () => {
		const sent = toEngineSegment({ type: 'paragraph', content: [{ type: 'text', text: '一', marks: [{ type: 'strong' }] }] }, 'html');
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (answer) => {
				expect(() => fromEngineAnswer(answer, sent)).not.toThrow();
			})
		);
		expect(fromEngineAnswer('<b>'.repeat(50_000) + 'deep', sent)).toMatchObject({ ok: true });
	});
});
