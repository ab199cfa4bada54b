import { describe, expect, it } from 'vitest';
import { blockFromPlainText, isBlock, plainText, tidyInline, type Block } from './model';

describe('plainText', () => {
	it('joins text and turns hard breaks into newlines', () => {
		const block: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Hello ' },
				{ type: 'text', text: 'world', marks: [{ type: 'strong' }] },
				{ type: 'hard_break' },
				{ type: 'text', text: '你好' }
			]
		};
		expect(plainText(block)).toBe('Hello world\n你好');
	});
	it('is empty for a block without content', () => {
		expect(plainText({ type: 'heading', attrs: { level: 2 } })).toBe('');
	});
});

describe('tidyInline', () => {
	it('joins text with equal marks and trims the edges', () => {
		expect(
			tidyInline([
				{ type: 'hard_break' },
				{ type: 'text', text: '  a' },
				{ type: 'text', text: 'b', marks: [{ type: 'em' }] },
				{ type: 'text', text: 'c', marks: [{ type: 'em' }] },
				{ type: 'text', text: '' },
				{ type: 'text', text: ' ' },
				{ type: 'hard_break' }
			])
		).toEqual([
			{ type: 'text', text: 'a' },
			{ type: 'text', text: 'bc', marks: [{ type: 'em' }] }
		]);
	});
});

describe('isBlock', () => {
	const text = (value: string) => ({ type: 'text', text: value });
	it('accepts paragraphs and headings with marks', () => {
		expect(isBlock({ type: 'paragraph', content: [text('a')] })).toBe(true);
		expect(isBlock({ type: 'heading', attrs: { level: 6 }, content: [text('a')] })).toBe(true);
		expect(
			isBlock({
				type: 'paragraph',
				content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.org/', title: null } }, { type: 'strong' }] }]
			})
		).toBe(true);
	});
	it('refuses anything else', () => {
		const refused: unknown[] = [
			null,
			'paragraph',
			{ type: 'paragraph' },
			{ type: 'paragraph', content: [] },
			{ type: 'paragraph', content: [text('   ')] },
			{ type: 'paragraph', content: [text('')] },
			{ type: 'paragraph', content: [text('a\nb')] },
			{ type: 'paragraph', content: [text('a')], extra: 1 },
			{ type: 'heading', attrs: { level: 7 }, content: [text('a')] },
			{ type: 'heading', content: [text('a')] },
			{ type: 'code_block', content: [text('a')] },
			{ type: 'paragraph', content: [{ type: 'image', attrs: { src: 'x' } }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'code' }] }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'em' }, { type: 'em' }] }] },
			{
				type: 'paragraph',
				content: [{ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)', title: null } }] }]
			},
			JSON.parse('{"type":"paragraph","content":[{"type":"text","text":"a"}],"__proto__":{"x":1}}')
		];
		for (const value of refused) expect(isBlock(value), JSON.stringify(value)).toBe(false);
	});
});

describe('blockFromPlainText', () => {
	it('turns line breaks into hard breaks and keeps the kind of block', () => {
		const heading: Block = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'x' }] };
		expect(blockFromPlainText('One\r\nTwo', heading)).toEqual({
			type: 'heading',
			attrs: { level: 2 },
			content: [{ type: 'text', text: 'One' }, { type: 'hard_break' }, { type: 'text', text: 'Two' }]
		});
		expect(blockFromPlainText('  ', { type: 'paragraph' })).toEqual({ type: 'paragraph' });
	});
});
