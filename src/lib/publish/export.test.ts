import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportDocument, exportFilename, isExportFormat, toHtmlDocument, toJson, toText } from './export';
import { documentOf, hardDocument, HARD_TEXTS, paragraph, segment } from '../testing/export-fixture';
import { renderBlocks } from './render';

type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['childNode'];

function elements(node: { childNodes?: Node[] }, name: string): Element[] {
	const found: Element[] = [];
	for (const child of node.childNodes ?? []) {
		if ('tagName' in child) {
			if (child.tagName === name) found.push(child);
			found.push(...elements(child, name));
		}
	}
	return found;
}

function textContent(node: Node): string {
	if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
	if ('tagName' in node && node.tagName === 'br') return '\n';
	return 'childNodes' in node ? node.childNodes.map(textContent).join('') : '';
}

describe('HTML export', () => {
	it('is a standalone page with title and language whose paragraphs read as the texts', () => {
		const doc = hardDocument();
		const page = parse(toHtmlDocument(doc, renderBlocks(doc.segments.map((s) => s.target!))));
		expect(elements(page, 'html')[0].attrs).toContainEqual({ name: 'lang', value: 'en' });
		expect(textContent(elements(page, 'title')[0])).toBe('Harbin <i>news</i> & “more”');
		expect(elements(page, 'p').map(textContent)).toEqual(HARD_TEXTS.map((t) => t.trim()));
		expect(elements(page, 'script')).toEqual([]);
		expect(elements(page, 'b')).toEqual([]);
	});

	it('renders the current state when there is no stored HTML, leaving out untranslated segments', () => {
		const doc = documentOf([segment(1, paragraph('One.'), 'edited'), segment(2, null, 'untranslated')], null);
		expect(elements(parse(toHtmlDocument(doc)), 'p').map(textContent)).toEqual(['One.']);
	});
});

describe('text export', () => {
	it('separates paragraphs by blank lines', () => {
		expect(toText(documentOf([segment(1, paragraph('One.')), segment(2, paragraph('Two\nlines.'))]))).toBe('One.\n\nTwo\nlines.\n');
	});
});

describe('JSON export', () => {
	it('parses back to the texts, blocks and states', () => {
		const doc = hardDocument(null);
		doc.segments.push(segment(9, null, 'untranslated'));
		const back = JSON.parse(toJson(doc));
		expect(back).toMatchObject({ document: doc.title, version: 'current', sourceLang: 'zh-Hans', targetLang: 'en' });
		expect(back.segments.slice(0, -1).map((s: { target: { text: string } }) => s.target.text)).toEqual(HARD_TEXTS.map((t) => t.trim()));
		expect(back.segments[0]).toEqual({
			position: 1,
			segmentId: 101,
			revisionId: 1001,
			state: 'approved',
			source: { text: HARD_TEXTS[0], block: doc.segments[0].source },
			target: { text: HARD_TEXTS[0], block: doc.segments[0].target }
		});
		expect(back.segments.at(-1)).toMatchObject({ state: 'untranslated', revisionId: null, target: null });
	});
});

describe('exportDocument', () => {
	it('names files after the title and version', () => {
		expect(exportFilename({ title: 'Harbin <i>news</i>', version: 2 }, 'md')).toBe('harbin-i-news-i-v2.md');
		expect(exportFilename({ title: '哈尔滨新闻', version: null }, 'xliff12')).toBe('document-current.xlf');
		expect(exportFilename({ title: 'Café', version: 1 }, 'xliff20')).toBe('cafe-v1.xliff');
	});

	it('cuts a long title at a word boundary and keeps the extension', () => {
		const title = 'Heilongjiang Daily: Harbin Ice and Snow World opens its twenty-sixth season with record crowds';
		expect(exportFilename({ title, version: 12 }, 'md')).toBe('heilongjiang-daily-harbin-ice-and-snow-world-opens-its-v12.md');
		expect(exportFilename({ title: '哈尔滨'.repeat(40) + ' Harbin', version: null }, 'tmx')).toBe('harbin-current.tmx');
		expect(exportFilename({ title: '!!!', version: 1 }, 'txt')).toBe('document-v1.txt');
	});

	it('gives every format a content type and a body', () => {
		for (const format of EXPORT_FORMATS) {
			const file = exportDocument(hardDocument(), format);
			expect(file.contentType).toMatch(/; charset=utf-8$/);
			expect(file.body.length).toBeGreaterThan(0);
		}
		expect(exportDocument(hardDocument(), 'md').body).toMatch(/^# Harbin &lt;i>news&lt;\/i> & “more”\n\nFish & chips &lt;b>bold&lt;\/b>/);
		expect(isExportFormat('docx')).toBe(false);
		expect(isExportFormat('tmx')).toBe(true);
	});
});
