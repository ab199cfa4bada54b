import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { blockFromPlainText, type Block } from '../import/model';
import { publicPage, summaryOf } from './page';

const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });
const heading = (text: string): Block => blockFromPlainText(text, { type: 'heading', attrs: { level: 2 } });

describe('summaryOf', () => {
	it('joins the paragraphs, skipping headings and folding whitespace, and keeps a short text whole', () => {
		expect(summaryOf([heading('Background'), paragraph('Harbin  opened\nits festival.'), paragraph('Crowds came.')])).toBe(
			'Harbin opened its festival. Crowds came.'
		);
	});

	it('cuts a long text at a word, without trailing punctuation, and marks the cut', () => {
		const text = 'The Ten Million Project reached the final kilometre on Sunday, officials said, after years of work across the province. '.repeat(3);
		const summary = summaryOf([paragraph(text)]);
		expect(summary.endsWith('…')).toBe(true);
		expect(Array.from(summary).length).toBeLessThanOrEqual(201);
		expect(text.startsWith(summary.slice(0, -1))).toBe(true);
		expect(summary.slice(0, -1)).toMatch(/\w$/);
	});

	it('cuts CJK text between characters and never splits an astral character', () => {
		const cjk = summaryOf([paragraph('哈尔滨冰雪大世界开园了。'.repeat(30))], 20);
		expect(cjk).toBe('哈尔滨冰雪大世界开园了。哈尔滨冰雪大世界开'.slice(0, 20) + '…');
		expect(summaryOf([paragraph('𝒜'.repeat(10))], 5)).toBe('𝒜𝒜𝒜𝒜𝒜…');
	});
});

describe('publicPage', () => {
	it('describes the article for link previews, escaped', () => {
		const html = publicPage({
			documentId: 7,
			title: 'Ice "festival" <opens>',
			sourceLang: 'zh-Hans',
			targetLang: 'en',
			version: 2,
			publishedAt: new Date('2026-11-25T10:00:00Z'),
			html: '<p>x</p>',
			versions: [{ version: 2, publishedAt: new Date('2026-11-25T10:00:00Z') }],
			currentVersion: 2,
			sideBySide: null,
			summary: 'Crowds & "visitors" <came>.'
		});
		const metas = new Map<string, string>();
		const walk = (node: DefaultTreeAdapterMap['parentNode']) => {
			for (const child of node.childNodes) {
				if ('tagName' in child && child.tagName === 'meta') {
					const attr = (n: string) => child.attrs.find((a) => a.name === n)?.value;
					const key = attr('name') ?? attr('property');
					if (key) metas.set(key, attr('content') ?? '');
				}
				if ('childNodes' in child) walk(child);
			}
		};
		walk(parse(html));
		expect(Object.fromEntries(metas)).toMatchObject({
			description: 'Crowds & "visitors" <came>.',
			'og:type': 'article',
			'og:title': 'Ice "festival" <opens>',
			'og:description': 'Crowds & "visitors" <came>.',
			'article:published_time': '2026-11-25T10:00:00.000Z'
		});
	});
});
