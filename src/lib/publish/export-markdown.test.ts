import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { blockToMarkdown, toMarkdown } from './export-markdown';
import { HARD_TEXTS, paragraph } from '../testing/export-fixture';
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
			else if (child.type.endsWith('_open'))
				block.marks.push(child.type === 'link_open' ? `a ${child.attrGet('href')} ${child.attrGet('title') ?? ''}`.trim() : child.tag);
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
				{
					type: 'text',
					text: 'the [site]',
					marks: [{ type: 'link', attrs: { href: 'https://example.com/a_(b)?q=1&r=2', title: 'Say "hi"' } }, { type: 'strong' }]
				}
			]
		};
		const markdown = toMarkdown([heading, body]);
		expect(markdown).toContain('## Ice & snow &lt;2026>');
		expect(parsed(markdown)).toEqual([
			{ type: 'h2', text: 'Ice & snow <2026>', marks: [] },
			{ type: 'p', text: 'Read this and that (now)\nsee the [site]', marks: ['strong', 'em', 'a https://example.com/a_%28b%29?q=1&r=2 Say "hi"', 'strong'] }
		]);
	});

	it('keeps spaces at the ends of lines and does not start code blocks or lists', () => {
		const block: Block = { type: 'paragraph', content: [{ type: 'text', text: 'end  ' }, { type: 'hard_break' }, { type: 'text', text: '    - item' }] };
		expect(parsed(blockToMarkdown(block))).toEqual([{ type: 'p', text: 'end  \n    - item', marks: [] }]);
	});

	it('round-trips any plain text with hard breaks (an empty line reads back as a space)', () => {
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
				// Two trailing spaces cannot end an empty line (it would end the paragraph): it holds one
				// space, which a page shows the same.
				const text = plainText(block).replace(/(?<=\n)(?=\n)/g, ' ');
				expect(parsed(toMarkdown([block]))).toEqual([{ type: 'p', text, marks: [] }]);
			})
		);
	});

	it('starts with the title as a level-1 heading', () => {
		const markdown = toMarkdown([paragraph('Body.')], '  Harbin   news #1 ');
		expect(markdown).toBe('# Harbin news #1\n\nBody.\n');
		expect(parsed(markdown)).toEqual([
			{ type: 'h1', text: 'Harbin news #1', marks: [] },
			{ type: 'p', text: 'Body.', marks: [] }
		]);
		expect(toMarkdown([paragraph('Body.')], ' ')).toBe('Body.\n');
	});
});

// Python-Markdown, which many CMSs use, knows backslash escapes only before \ ` * _ { } [ ] ( ) > # + - . !
// and shows any other backslash; it reads a trailing backslash as text and <…> destinations badly.
describe('portable Markdown export', () => {
	const news: Block = {
		type: 'paragraph',
		content: [
			{ type: 'text', text: 'Study ideas, strengthen party spirit: the forum opened at 09:17:35 (Beijing time); 哈尔滨冰雪大世界开园了！' },
			{ type: 'hard_break' },
			{ type: 'text', text: 'Read the ' },
			{
				type: 'text',
				text: 'full report',
				marks: [{ type: 'link', attrs: { href: 'https://example.com/news/2026 (1)?id=3&lang=en', title: 'Heilongjiang Daily: "report"' } }]
			},
			{ type: 'text', text: ' now, at 10:00.' }
		]
	};

	it('writes ordinary punctuation as it is, a hard break as two spaces and a link with its title in quotes', () => {
		expect(toMarkdown([news], 'Harbin: ice & snow, 2026')).toBe(
			'# Harbin: ice & snow, 2026\n\n' +
				'Study ideas, strengthen party spirit: the forum opened at 09:17:35 (Beijing time); 哈尔滨冰雪大世界开园了！  \n' +
				`Read the [full report](https://example.com/news/2026%20%281%29?id=3&lang=en 'Heilongjiang Daily: "report"') now, at 10:00.\n`
		);
		expect(parsed(toMarkdown([news]))).toEqual([
			{
				type: 'p',
				text: plainText(news),
				marks: ['a https://example.com/news/2026%20%281%29?id=3&lang=en Heilongjiang Daily: "report"']
			}
		]);
	});

	it('puts a title with both quotes in double quotes, the double ones as references', () => {
		const link: Block = {
			type: 'paragraph',
			content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.com/', title: `It's "hot"` } }] }]
		};
		expect(blockToMarkdown(link)).toBe('[x](https://example.com/ "It\'s &quot;hot&quot;")');
		expect(parsed(blockToMarkdown(link))[0].marks).toEqual(['a https://example.com/ It\'s "hot"']);
	});

	it.each([
		['# not a heading', '\\# not a heading'],
		['> not a quote', '\\> not a quote'],
		['- not a list', '\\- not a list'],
		['+ not a list', '\\+ not a list'],
		['* not a list', '\\* not a list'],
		['1. not a list', '1\\. not a list'],
		['2026) not a list', '2026\\) not a list'],
		['---', '\\---'],
		['|--|--|', '&#124;--|--|'],
		['-5 °C, -- and #tag stay', '-5 °C, -- and #tag stay'],
		['1.5 million, 2) and 3.', '1.5 million, 2) and 3.'],
		['a*b*c, **x**, _y_ and `z`', 'a\\*b\\*c, \\*\\*x\\*\\*, \\_y\\_ and \\`z\\`'],
		['snake_case_name', 'snake_case_name'],
		['[not](a link) [1]', '\\[not](a link) \\[1]'],
		['<b>bold</b>, <2026>, a@b <x@y.z> and a < b', '&lt;b>bold&lt;/b>, &lt;2026>, a@b &lt;x@y.z> and a < b'],
		['&amp; &#32; &#1 & AT&T; AT&T', '&amp;amp; &amp;#32; &amp;#1 & AT&amp;T; AT&T'],
		['back\\slash', 'back\\\\slash'],
		['~~not struck~~ ~x~', '~&#126;not struck~&#126; ~x~'],
		['tab\there', 'tab&#9;here']
	])('escapes only what a parser would misread: %s', (text, markdown) => {
		expect(blockToMarkdown(paragraph(text))).toBe(markdown);
		expect(parsed(blockToMarkdown(paragraph(text)))).toEqual([{ type: 'p', text, marks: [] }]);
	});

	it('escapes the lines after a hard break, a line of = and a closing # in a heading', () => {
		expect(blockToMarkdown(paragraph('Title\n===\n# two\n- three'))).toBe('Title  \n&#61;==  \n\\# two  \n\\- three');
		const heading: Block = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Learn C#' }] };
		expect(blockToMarkdown(heading)).toBe('## Learn C\\#');
		expect(parsed(blockToMarkdown(heading))).toEqual([{ type: 'h2', text: 'Learn C#', marks: [] }]);
	});

	it('does not turn ! before a link into an image', () => {
		const block: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Wow!' },
				{ type: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://example.com/', title: null } }] }
			]
		};
		expect(blockToMarkdown(block)).toBe('Wow\\![site](https://example.com/)');
		expect(parsed(blockToMarkdown(block))).toEqual([{ type: 'p', text: 'Wow!site', marks: ['a https://example.com/'] }]);
	});
});
