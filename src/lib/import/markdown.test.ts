import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown';
import { isBlock, plainText, type Block } from './model';

const texts = (input: string) => parseMarkdown(input).map(plainText);
const link = (href: string, title: string | null = null) => ({ type: 'link', attrs: { href, title } });

describe('parseMarkdown', () => {
	it('keeps bold, italic and links as marks', () => {
		expect(parseMarkdown('Some **bold**, _italic_ and ***both*** with [a link](https://example.org "Title").')).toEqual([
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Some ' },
					{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
					{ type: 'text', text: ', ' },
					{ type: 'text', text: 'italic', marks: [{ type: 'em' }] },
					{ type: 'text', text: ' and ' },
					{ type: 'text', text: 'both', marks: [{ type: 'em' }, { type: 'strong' }] },
					{ type: 'text', text: ' with ' },
					{ type: 'text', text: 'a link', marks: [link('https://example.org/', 'Title')] },
					{ type: 'text', text: '.' }
				]
			}
		]);
	});
	it('makes headings their own segments', () => {
		expect(parseMarkdown('# Title\nText under it\n\n## Part *two*\n\nSetext\n---')).toEqual([
			{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'Text under it' }] },
			{
				type: 'heading',
				attrs: { level: 2 },
				content: [
					{ type: 'text', text: 'Part ' },
					{ type: 'text', text: 'two', marks: [{ type: 'em' }] }
				]
			},
			{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Setext' }] }
		]);
	});
	it('drops links that are not http, https or mailto but keeps their text', () => {
		const blocks = parseMarkdown(
			'[one](javascript:alert(1)) [two](data:text/html,x) [three](vbscript:x) [four](/relative) [five](mailto:a@example.org) <javascript:alert(2)>'
		);
		expect(texts('[one](javascript:alert(1)) [two](data:text/html,x)')).toEqual(['one two']);
		const hrefs = blocks.flatMap((block) =>
			(block.content ?? [])
				.flatMap((node) => (node.type === 'text' ? (node.marks ?? []) : []))
				.map((mark) => (mark.type === 'link' ? mark.attrs.href : mark.type))
		);
		expect(hrefs).toEqual(['mailto:a@example.org']);
		expect(plainText(blocks[0])).toBe('one two three four five javascript:alert(2)');
	});
	it('makes list items and blockquote paragraphs plain paragraph segments', () => {
		expect(texts('- first\n- second **item**\n\n1. one\n2. two\n\n> quoted\n>\n> again')).toEqual(['first', 'second item', 'one', 'two', 'quoted', 'again']);
	});
	it('turns hard breaks into hard_break and joins soft breaks', () => {
		expect(texts('line one  \nline two\\\nline three\nstill three')).toEqual(['line one\nline two\nline three still three']);
	});
	it('joins a soft break between Chinese characters without a space', () => {
		expect(texts('本报讯 近日，省科技厅\n召开会议。\nEnglish\nwords')).toEqual(['本报讯 近日，省科技厅召开会议。 English words']);
	});
	it('keeps code as plain text and images as their alt text', () => {
		expect(parseMarkdown('Run `npm test` now ![a *photo*](x.png)\n\n```js\nconst a = 1;\n\nb()\n```\n\n    indented')).toEqual([
			{ type: 'paragraph', content: [{ type: 'text', text: 'Run npm test now a photo' }] },
			{
				type: 'paragraph',
				content: [{ type: 'text', text: 'const a = 1;' }, { type: 'hard_break' }, { type: 'hard_break' }, { type: 'text', text: 'b()' }]
			},
			{ type: 'paragraph', content: [{ type: 'text', text: 'indented' }] }
		]);
	});
	it('keeps raw HTML as literal text, never as markup', () => {
		expect(texts('<script>alert(1)</script>\n\nHello <b>world</b> <img src=x onerror=alert(1)>')).toEqual([
			'<script>alert(1)</script>',
			'Hello <b>world</b> <img src=x onerror=alert(1)>'
		]);
	});
	it('decodes entities and escapes', () => {
		expect(texts('AT&amp;T &copy; \\*not em\\* &#x1F600;')).toEqual(['AT&T © *not em* 😀']);
	});
	it('keeps CJK text and emoji intact', () => {
		expect(texts('# 学思想、强党性\n\n**浦江经验** 与 *千万工程* 👍🏽🇨🇳')).toEqual(['学思想、强党性', '浦江经验 与 千万工程 👍🏽🇨🇳']);
	});
	it('resolves reference links defined after their use, also in long documents', () => {
		const filler = Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} with some words in it.`).join('\n\n');
		const blocks = parseMarkdown(`See [the report][r].\n\n${filler}\n\n[r]: https://example.org/report`);
		expect(blocks).toHaveLength(3001);
		expect(blocks[0].content?.[1]).toEqual({ type: 'text', text: 'the report', marks: [link('https://example.org/report')] });
		expect(plainText(blocks[3000])).toBe('Paragraph 2999 with some words in it.');
	});
	it('does not cut a long fenced code block', () => {
		const code = Array.from({ length: 4000 }, (_, i) => `line ${i}\n`).join('\n');
		const blocks = parseMarkdown(`Before\n\n\`\`\`\n${code}\`\`\`\n\nAfter`);
		expect(blocks.map((block) => plainText(block).split('\n')[0])).toEqual(['Before', 'line 0', 'After']);
	});
	it('stops at maxBlocks', () => {
		expect(parseMarkdown('a\n\n'.repeat(100_000), { maxBlocks: 10 })).toHaveLength(10);
	});
	it('keeps a paragraph too long to be a segment as literal text', () => {
		const [block] = parseMarkdown('['.repeat(200_000));
		expect(plainText(block)).toHaveLength(200_000);
	});
	it('returns well-formed blocks for tables', () => {
		const blocks: Block[] = parseMarkdown('| a | **b** |\n|---|---|\n| 1 | [x](https://x.org) |');
		expect(blocks.map(plainText)).toEqual(['a', 'b', '1', 'x']);
		expect(blocks.every(isBlock)).toBe(true);
	});
});
