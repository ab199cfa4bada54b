import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findMatches, replaceInBlock, replaceInText } from './find-replace';
import { isBlock, plainText, type Block, type Inline, type Mark } from '../import/model';

// Properties over texts made of the characters that make finding hard: case pairs that fold to
// different lengths (ß/SS, İ), combining accents, Han, a character outside the BMP, punctuation.
const CHARS = ['a', 'A', 'b', 's', 'S', 'ß', 'i', 'I', 'İ', 'ı', 'é', 'É', 'e\u0301', '\u0301', '千', '万', '𠮷', ' ', '.', '-', '_'];
const text = (maxLength: number) => fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength }).map((parts) => parts.join(''));
const link: Mark = { type: 'link', attrs: { href: 'https://example.org/', title: null } };
const marks = fc.subarray<Mark>([link, { type: 'em' }, { type: 'strong' }]);
const inline: fc.Arbitrary<Inline> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({ text: text(8), marks }).map(({ text, marks }): Inline => (marks.length ? { type: 'text', text, marks } : { type: 'text', text }))
	},
	{ weight: 1, arbitrary: fc.constant<Inline>({ type: 'hard_break' }) }
);
const block: fc.Arbitrary<Block> = fc
	.tuple(fc.array(inline, { minLength: 1, maxLength: 8 }), fc.boolean())
	.map(([content, heading]): Block => (heading ? { type: 'heading', attrs: { level: 2 }, content } : { type: 'paragraph', content }))
	.filter((b) => isBlock(b));
const options = fc.record({ caseSensitive: fc.boolean(), wholeWord: fc.boolean(), locale: fc.constantFrom('en', 'tr', 'de', undefined) });

describe('find and replace, for any text', () => {
	it('finds sorted, disjoint matches inside the text that begin and end on whole characters', () => {
		fc.assert(
			fc.property(text(40), text(4), options, (haystack, find, opts) => {
				const matches = findMatches(haystack, find, opts);
				let last = 0;
				for (const m of matches) {
					expect(m.start).toBeGreaterThanOrEqual(last);
					expect(m.end).toBeGreaterThan(m.start);
					expect(m.end).toBeLessThanOrEqual(haystack.length);
					// No match starts or ends between the halves of a surrogate pair.
					expect(haystack.slice(m.start, m.end)).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
					if (opts.caseSensitive) expect(haystack.slice(m.start, m.end)).toBe(find);
					last = m.end;
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('finds a text in itself, wherever it stands between line breaks', () => {
		fc.assert(
			fc.property(text(10), text(10), text(10), fc.boolean(), (before, find, after, caseSensitive) => {
				// A match never starts on a combining accent (it would cut it from its letter).
				fc.pre(!/^\p{M}/u.test(find));
				expect(findMatches(find, find, { caseSensitive })).toEqual([{ start: 0, end: find.length }]);
				// A find holds no line break, so no earlier match can reach past one into it.
				const haystack = `${before}\n${find}\n${after}`;
				expect(findMatches(haystack, find, { caseSensitive }).map((m) => m.start)).toContain(before.length + 1);
			}),
			{ numRuns: 300 }
		);
	});

	it('gives a valid block whose text is the replaced text, or null only when that text is blank', () => {
		fc.assert(
			fc.property(block, text(3), fc.oneof(text(5), fc.constant('')), options, (b, find, replacement, opts) => {
				const before = plainText(b);
				const matches = findMatches(before, find, opts);
				const replaced = replaceInBlock(b, matches, replacement);
				const expected = replaceInText(before, matches, replacement);
				if (replaced === null) expect(expected.trim()).toBe('');
				else {
					expect(isBlock(replaced)).toBe(true);
					expect(plainText(replaced)).toBe(expected);
					expect(replaced.type).toBe(b.type);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('changes nothing where nothing matches', () => {
		fc.assert(
			fc.property(block, (b) => {
				expect(replaceInBlock(b, [], 'anything')).toEqual({ ...b, content: joinedContent(b) });
			}),
			{ numRuns: 200 }
		);
	});
});

/** The block's runs as a valid block holds them: neighbours with the same marks joined. */
function joinedContent(b: Block): Inline[] {
	const out: Inline[] = [];
	for (const node of b.content ?? []) {
		const last = out.at(-1);
		if (node.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
			out[out.length - 1] = { ...last, text: last.text + node.text };
		} else out.push(node);
	}
	return out;
}
