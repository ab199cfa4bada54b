import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_BLOCK_JSON_CHARS, MAX_INLINE_NODES, MAX_LINK_HREF_CHARS, MAX_LINK_TITLE_CHARS, MAX_SEGMENT_CHARS, blockOverLimit } from './block-limits';
import type { Block, Inline, Mark } from './model';

const paragraph = (content: Inline[]): Block => ({ type: 'paragraph', content });
const link = (href: string, title: string | null = null): Mark => ({ type: 'link', attrs: { href, title } });
const linked = (text: string, mark: Mark): Inline => ({ type: 'text', text, marks: [mark] });
/** `n` runs of one character with `marks(i)`. */
const runs = (n: number, marks: (i: number) => Mark[]): Inline[] => Array.from({ length: n }, (_, i) => ({ type: 'text', text: 'a', marks: marks(i) }));
/** `n` nodes: short lines and the breaks between them, as a poem is. */
const lines = (n: number): Inline[] => Array.from({ length: n }, (_, i) => (i % 2 ? { type: 'hard_break' } : { type: 'text', text: 'a' }));

describe('blockOverLimit', () => {
	it('accepts every limit at its edge', () => {
		expect(blockOverLimit(paragraph([{ type: 'text', text: 'x'.repeat(MAX_SEGMENT_CHARS) }]))).toBeNull();
		expect(blockOverLimit(paragraph([linked('x', link('https://e.org/', 't'.repeat(MAX_LINK_TITLE_CHARS)))]))).toBeNull();
		const href = `https://e.org/${'p'.repeat(MAX_LINK_HREF_CHARS - 'https://e.org/'.length)}`;
		expect(blockOverLimit(paragraph([linked('x', link(href))]))).toBeNull();
		expect(blockOverLimit(paragraph(lines(MAX_INLINE_NODES)))).toBeNull();
	});

	it('refuses 900,000 characters carried in links, whichever attribute holds them, naming the limit', () => {
		expect(blockOverLimit(paragraph([linked('x', link('https://e.org/', 't'.repeat(900_000)))]))).toBe(
			'A link title can be at most 1,000 characters; this one has 900,000.'
		);
		expect(blockOverLimit(paragraph([linked('x', link('https://e.org/', 't'.repeat(MAX_LINK_TITLE_CHARS + 1)))]))).toMatch(/at most 1,000 characters/);
		expect(blockOverLimit(paragraph([linked('x', link(`https://e.org/${'p'.repeat(3000)}`))]))).toMatch(/^A link address can be at most 2,048 characters/);
		// Many links, each within its own limits: the stored size is what gives.
		const manyLinks = runs(450, (i) => [link(`https://e.org/${i}/${'p'.repeat(1980)}`, 't'.repeat(990))]);
		expect(JSON.stringify(paragraph(manyLinks)).length).toBeGreaterThan(1_300_000);
		expect(blockOverLimit(paragraph(manyLinks))).toMatch(/takes 1,3\d\d,\d\d\d characters to store, and the limit is 200,000/);
	});

	it('refuses too much text, too many runs, and nesting no block has', () => {
		expect(blockOverLimit(paragraph([{ type: 'text', text: 'x'.repeat(MAX_SEGMENT_CHARS + 1) }]))).toBe(
			'Use at most 20,000 characters in a segment (this one has 20,001); break a longer text into paragraphs.'
		);
		// Hard breaks are characters too (each is a line break in the text).
		const breaks: Inline[] = [{ type: 'text', text: 'x'.repeat(MAX_SEGMENT_CHARS) }, { type: 'hard_break' }, { type: 'text', text: 'y' }];
		expect(blockOverLimit(paragraph(breaks))).toMatch(/this one has 20,002/);
		expect(blockOverLimit(paragraph(lines(MAX_INLINE_NODES + 1)))).toMatch(/at most 5,000 formatted runs and line breaks \(this one has 5,001\)/);
		let deep: unknown = 'x';
		for (let i = 0; i < 100_000; i++) deep = [deep];
		expect(blockOverLimit({ type: 'paragraph', content: deep })).toMatch(/nested more deeply/);
	});

	it('measures the stored size exactly as JSON.stringify does', () => {
		const value = fc.letrec((tie) => ({
			node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('object')),
			list: fc.array(tie('node'), { maxLength: 4 }),
			object: fc.dictionary(fc.string(), fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 4 })
		})).node;
		// Padded to exactly the limit or one past it, so an error of one character either way fails.
		fc.assert(
			fc.property(value, fc.boolean(), (v, over) => {
				const wrap = (pad: string) => ({ type: 'paragraph', pad, v });
				const pad = 'x'.repeat(MAX_BLOCK_JSON_CHARS - JSON.stringify(wrap('')).length + (over ? 1 : 0));
				expect(JSON.stringify(wrap(pad)).length).toBe(MAX_BLOCK_JSON_CHARS + (over ? 1 : 0));
				expect(blockOverLimit(wrap(pad)) !== null).toBe(over);
			})
		);
	});
});
