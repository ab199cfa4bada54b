import { describe, expect, it } from 'vitest';
import { blockFromPlainText, blockProblem, isBlock, normaliseLinks, plainText, tidyInline, type Block } from './model';

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

describe('blockProblem and normaliseLinks', () => {
	const linkTo = (href: string) => ({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href, title: null } }] }] });

	it('agree with isBlock and name the part that is wrong', () => {
		expect(blockProblem(linkTo('https://example.org/'))).toBeNull();
		expect(blockProblem(linkTo('https://Example.org'))).toBe('Run 1 of the content: write the link address "https://Example.org" as "https://example.org/".');
		expect(blockProblem(linkTo('data:text/html,x'))).toBe(
			'Run 1 of the content: the link address "data:text/html,x" is not an absolute http, https or mailto URL.'
		);
		expect(blockProblem({ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'em' }, { type: 'em' }] }] })).toBe(
			'Run 1 of the content: it has two em marks; a run has at most one of each.'
		);
		expect(blockProblem({ type: 'paragraph', style: 'x', content: [] })).toBe('A paragraph has no "style"; remove it.');
		expect(blockProblem([])).toMatch(/^content must be a paragraph or heading/);
		expect(isBlock(linkTo('https://Example.org'))).toBe(false);
	});

	it('writes each acceptable link address in its normal form and leaves the rest to be judged', () => {
		expect(normaliseLinks(linkTo('HTTP://Example.org'))).toEqual(linkTo('http://example.org/'));
		expect(normaliseLinks(linkTo('javascript:alert(1)'))).toEqual(linkTo('javascript:alert(1)'));
		expect(normaliseLinks('text')).toBe('text');
		expect(isBlock(normaliseLinks(linkTo(' https://例子.中国/新闻 ')))).toBe(true);
	});
});
