import { describe, expect, it } from 'vitest';
import { mergeRows, splitBlock, splitRow } from './align';
import { parseMarkdown } from './markdown';
import { plainText, type Block } from './model';

const paragraph = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('mergeRows', () => {
	it('merges a row with the next one, joined by a hard break', () => {
		const blocks = [paragraph('a'), paragraph('b'), paragraph('c')];
		const merged = mergeRows(blocks, 1);
		expect(merged).toEqual([
			paragraph('a'),
			{ type: 'paragraph', content: [{ type: 'text', text: 'b' }, { type: 'hard_break' }, { type: 'text', text: 'c' }] }
		]);
		expect(blocks).toHaveLength(3);
	});
	it('keeps marks and makes a paragraph unless both are headings of one level', () => {
		const [heading, body] = parseMarkdown('## Head\n\nBody **bold**');
		expect(mergeRows([heading, body], 0)[0]).toEqual({
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Head' },
				{ type: 'hard_break' },
				{ type: 'text', text: 'Body ' },
				{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] }
			]
		});
		expect(mergeRows(parseMarkdown('## A\n\n## B'), 0)[0]).toMatchObject({ type: 'heading', attrs: { level: 2 } });
		expect(mergeRows(parseMarkdown('## A\n\n### B'), 0)[0]).toMatchObject({ type: 'paragraph' });
	});
	it('throws on a row without a next row', () => {
		expect(() => mergeRows([paragraph('a')], 0)).toThrow(RangeError);
		expect(() => mergeRows([paragraph('a'), paragraph('b')], -1)).toThrow(RangeError);
	});
});

describe('splitBlock', () => {
	it('cuts at a text offset, trims the cut, and keeps marks on both sides', () => {
		const [block] = parseMarkdown('Hello **bold world** and [a link](https://example.org)');
		const halves = splitBlock(block, 'Hello bold'.length);
		expect(halves).toEqual([
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Hello ' },
					{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] }
				]
			},
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'world', marks: [{ type: 'strong' }] },
					{ type: 'text', text: ' and ' },
					{ type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.org/', title: null } }] }
				]
			}
		]);
	});
	it('undoes mergeRows when cut at either side of the joining hard break', () => {
		const blocks = parseMarkdown('First *one*\n\nSecond one');
		const [merged] = mergeRows(blocks, 0);
		const joint = plainText(blocks[0]).length;
		expect(splitBlock(merged, joint)).toEqual(blocks);
		expect(splitBlock(merged, joint + 1)).toEqual(blocks);
	});
	it('keeps a heading a heading', () => {
		const [heading] = parseMarkdown('### 学思想 强党性');
		expect(splitBlock(heading, 3)?.map((b) => [b.type, plainText(b)])).toEqual([
			['heading', '学思想'],
			['heading', '强党性']
		]);
	});
	it('does not cut an emoji in half', () => {
		const halves = splitBlock(paragraph('a😀b'), 2);
		expect(halves?.map(plainText)).toEqual(['a', '😀b']);
	});
	it('returns null when a side would be empty', () => {
		const block = paragraph('ab  ');
		for (const offset of [0, -1, 4, 99, 1.5, Number.NaN]) expect(splitBlock(block, offset), String(offset)).toBeNull();
		expect(splitBlock(block, 1)?.map(plainText)).toEqual(['a', 'b']);
	});
});

describe('splitRow', () => {
	it('replaces the row by its halves', () => {
		expect(splitRow([paragraph('a'), paragraph('b c')], 1, 1)?.map(plainText)).toEqual(['a', 'b', 'c']);
		expect(splitRow([paragraph('a')], 3, 1)).toBeNull();
	});
});
