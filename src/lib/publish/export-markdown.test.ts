import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { blockToMarkdown, toMarkdown } from './export-markdown';
import { HARD_TEXTS, paragraph } from './export-fixture';
import { plainText, tidyInline, type Block, type Inline } from '../import/model';

const md = new MarkdownIt();

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/** Per block: its kind and its text as a CommonMark parser reads it, with the marks it found. */
function parsed(markdown: string): { type: string; text: string; marks: string[] }[] {
	const blocks: { type: string; text: string; marks: string[] }[] = [];
	for (const token of md.parse(markdown, {})) {
		if (token.type === 'paragraph_open' || token.type === 'heading_open') blocks.push({ type: token.tag, text: '', marks: [] });
		if (token.type !== 'inline') continue;
		const block = blocks[blocks.length - 1];
		for (const child of token.children ?? ([] as Token[])) {
			if (child.type === 'text') block.text += child.content;
			else if (child.type === 'hardbreak' || child.type === 'softbreak') block.text += '\n';
			else if (child.type.endsWith('_open')) block.marks.push(child.type === 'link_open' ? `a ${child.attrGet('href')} ${child.attrGet('title') ?? ''}`.trim() : child.tag);
		}
	}
	return blocks;
}

describe('Markdown export', () => {
	it('gives back every hard text through a CommonMark parser', () => {
		const blocks = HARD_TEXTS.map(paragraph);
		expect(parsed(toMarkdown(blocks))).toEqual(blocks.map((b) => ({ type: 'p', text: plainText(b), marks: [] })));
	});

	it('keeps headings, bold, italic, links and hard breaks', () => {
		const heading: Block = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Ice & snow <2026>' }] };
		const body: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Read ' },
				{ type: 'text', text: 'this', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ' and ' },
				{ type: 'text', text: 'that (now)', marks: [{ type: 'em' }] },
				{ type: 'hard_break' },
				{ type: 'text', text: 'see ' },
				{ type: 'text', text: 'the [site]', marks: [{ type: 'link', attrs: { href: 'https://example.com/a_(b)?q=1&r=2', title: 'Say "hi"' } }, { type: 'strong' }] }
			]
		};
		const markdown = toMarkdown([heading, body]);
		expect(markdown).toContain('## Ice \\& snow \\<2026\\>');
		expect(parsed(markdown)).toEqual([
			{ type: 'h2', text: 'Ice & snow <2026>', marks: [] },
			{ type: 'p', text: 'Read this and that (now)\nsee the [site]', marks: ['strong', 'em', 'a https://example.com/a_(b)?q=1&r=2 Say "hi"', 'strong'] }
		]);
	});

	it('keeps spaces at the ends of lines and does not start code blocks or lists', () => {
		const block: Block = { type: 'paragraph', content: [{ type: 'text', text: 'end  ' }, { type: 'hard_break' }, { type: 'text', text: '    - item' }] };
		expect(parsed(blockToMarkdown(block))).toEqual([{ type: 'p', text: 'end  \n    - item', marks: [] }]);
	});

	it('round-trips any plain text with hard breaks', () => {
		const line = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\n\r\0]/g, ''));
		fc.assert(
			fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), (lines) => {
				const content: Inline[] = [];
				lines.forEach((l, i) => {
					if (i > 0) content.push({ type: 'hard_break' });
					if (l) content.push({ type: 'text', text: l });
				});
				const tidy = tidyInline(content);
				if (!tidy.some((n) => n.type === 'text')) return;
				const block: Block = { type: 'paragraph', content: tidy };
				expect(parsed(toMarkdown([block]))).toEqual([{ type: 'p', text: plainText(block), marks: [] }]);
			})
		);
	});
});
