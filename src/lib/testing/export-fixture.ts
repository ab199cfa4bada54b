import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { blockFromPlainText, sortMarks, tidyInline, type Block, type Inline, type LinkMark, type Mark } from '../import/model';
import type { ExportDocument, ExportSegment, ExportState } from '../publish/export-model';

// Test data for the export formats: texts that break naive serialisers.

export const HARD_TEXTS = [
	'Fish & chips <b>bold</b> "quoted" \'single\'',
	'<script>alert("x")</script>',
	'Lanterns 🏮 and 𝒜 (astral) 🎉',
	'哈尔滨冰雪大世界开园了。',
	'# not a heading * [not](a link) _x_ `code` \\ back',
	'1. not a list',
	'  indented  with   spaces  ',
	'ampersand &amp; entity &#32; lookalike'
];

export const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });

export function segment(
	position: number,
	target: Block | null,
	state: ExportState = 'approved',
	source: Block = paragraph(`源文 ${position} <&>`)
): ExportSegment {
	return { position, segmentId: 100 + position, revisionId: target ? 1000 + position : null, state, source, target };
}

export function documentOf(segments: ExportSegment[], version: number | null = 3): ExportDocument {
	return { title: 'Harbin <i>news</i> & “more”', version, sourceLang: 'zh-Hans', targetLang: 'en', segments };
}

export const hardDocument = (version: number | null = 3): ExportDocument =>
	documentOf(
		HARD_TEXTS.map((t, i) => segment(i + 1, paragraph(t), 'approved', paragraph(t))),
		version
	);

/** The <header> attributes every Rendition TMX has, whatever it holds. */
export const TMX_HEADER = {
	creationtool: 'Rendition',
	creationtoolversion: '0.1.0',
	segtype: 'paragraph',
	'o-tmf': 'Rendition',
	adminlang: 'en',
	srclang: 'zh-Hans'
};

/** A tree from parseXml, walked by path in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path may be read
export type Xml = Record<string, any>;

/** Parses XML as a generic tree: attributes without prefix, text as `#text`, nothing trimmed or coerced. */
export function parseXml(xml: string): Record<string, unknown> {
	const parser = new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '',
		trimValues: false,
		parseTagValue: false,
		parseAttributeValue: false,
		htmlEntities: true,
		isArray: (name) => ['trans-unit', 'unit', 'tu', 'tuv'].includes(name)
	});
	return parser.parse(xml);
}

/** An element's text whether the parser gave a string or an object with attributes. */
export const textOf = (node: unknown): string => (typeof node === 'string' ? node : ((node as { '#text'?: string } | undefined)?.['#text'] ?? ''));

const SCHEMAS = new URL('../../../tests/fixtures/xliff-schemas/', import.meta.url);
const XML_XSD = 'informativeCopiesOf3rdPartySchemas/w3c/xml.xsd';
const schemaFile = (name: string) => ({ fileName: name, contents: readFileSync(new URL(name, SCHEMAS), 'utf8') });

/**
 * The official OASIS schema of an XLIFF version with the W3C xml.xsd it imports. XLIFF 1.2 imports
 * xml.xsd from its W3C address; xmllint-wasm has no network and no catalog support, so the import
 * is pointed at the shipped copy here, which is what a catalog would do. The files stay as published.
 */
export function xliffSchema(version: '1.2' | '2.0'): { fileName: string; contents: string }[] {
	const main = schemaFile(version === '1.2' ? 'xliff-core-1.2-strict.xsd' : 'xliff-core-2.0.xsd');
	if (version === '1.2') {
		const remote = 'schemaLocation="http://www.w3.org/2001/xml.xsd"';
		if (main.contents.split(remote).length !== 2) throw new Error('xliff-core-1.2-strict.xsd no longer imports xml.xsd from the W3C address');
		main.contents = main.contents.replace(remote, `schemaLocation="${XML_XSD}"`);
	}
	return [main, schemaFile(XML_XSD)];
}

/** xmllint's verdict on well-formedness, or on validity against a schema given with its imports. */
export async function xmllint(xml: string, schema?: { fileName: string; contents: string }[]): Promise<{ valid: boolean; errors: string[] }> {
	const { validateXML } = await import('xmllint-wasm');
	const result = schema
		? await validateXML({ xml: { fileName: 'export.xml', contents: xml }, schema: schema[0], preload: schema.slice(1) })
		: await validateXML({ xml: { fileName: 'export.xml', contents: xml }, normalization: 'format' });
	return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string>; '#text'?: string };

/** Parses XML keeping the order of mixed content (text and inline elements), for reading codes back. */
export function parseOrderedXml(xml: string): OrderedNode[] {
	return new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '',
		trimValues: false,
		parseTagValue: false,
		parseAttributeValue: false,
		preserveOrder: true
	}).parse(xml) as OrderedNode[];
}

/** Every element called `name` below `nodes`, in document order. */
export function findElements(nodes: OrderedNode[], name: string, found: OrderedNode[] = []): OrderedNode[] {
	for (const node of nodes) {
		const tag = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
		if (!tag) continue;
		if (tag === name) found.push(node);
		findElements(node[tag] as OrderedNode[], name, found);
	}
	return found;
}

export const childrenOf = (node: OrderedNode): OrderedNode[] => node[Object.keys(node).find((k) => k !== ':@')!] as OrderedNode[];
const textIn = (nodes: OrderedNode[]) => nodes.map((n) => n['#text'] ?? '').join('');

function linkFromHtml(html: string): LinkMark {
	const a = parseFragment(html).childNodes[0] as DefaultTreeAdapterMap['element'];
	const attr = (name: string) => a.attrs.find((x) => x.name === name)?.value ?? null;
	return { type: 'link', attrs: { href: attr('href') ?? '', title: attr('title') } };
}

/**
 * Reads a <source>, <target> or <seg> back into inline content: <bpt>/<ept> (XLIFF 1.2, TMX) or
 * <pc> with `data` from <originalData> (XLIFF 2.0) become marks again, a line-break <ph> a hard
 * break. An <ept> must close the innermost open <bpt>: the codes nest as the marks do.
 */
export function readInline(nodes: OrderedNode[], data: Map<string, string> = new Map()): Inline[] {
	const out: Inline[] = [];
	const open: { id: string; mark: Mark }[] = [];
	const walk = (list: OrderedNode[], marks: Mark[]) => {
		for (const node of list) {
			if (node['#text'] !== undefined) {
				const all = [...marks, ...open.map((o) => o.mark)];
				out.push({ type: 'text', text: String(node['#text']), ...(all.length ? { marks: sortMarks(all) } : {}) });
				continue;
			}
			const tag = Object.keys(node).find((k) => k !== ':@')!;
			const attrs = node[':@'] ?? {};
			const inner = node[tag] as OrderedNode[];
			if (tag === 'bpt') {
				// XLIFF 1.2 pairs by id and types by ctype; TMX by i and type.
				const kind = attrs.ctype ?? attrs.type;
				const mark: Mark = kind === 'link' ? linkFromHtml(textIn(inner)) : { type: kind === 'bold' ? 'strong' : 'em' };
				open.push({ id: attrs.i ?? attrs.id, mark });
			} else if (tag === 'ept') {
				const id = attrs.i ?? attrs.id;
				if (open.at(-1)?.id !== id) throw new Error(`<ept ${id}> does not close the innermost open code (${open.at(-1)?.id ?? 'none'})`);
				open.pop();
			} else if (tag === 'ph' && (attrs.ctype === 'lb' || attrs.type === 'lb' || attrs.subType === 'xlf:lb')) out.push({ type: 'hard_break' });
			else if (tag === 'pc') {
				const mark: Mark = attrs.type === 'link' ? linkFromHtml(data.get(attrs.dataRefStart) ?? '') : { type: attrs.subType === 'xlf:b' ? 'strong' : 'em' };
				walk(inner, [...marks, mark]);
			} else throw new Error(`Unexpected inline element <${tag}>`);
		}
	};
	walk(nodes, []);
	if (open.length) throw new Error(`<bpt ${open[0].id}> is never closed`);
	return tidyInline(out);
}

/** How many codes of each element a side holds, for checking that nothing is closed and reopened. */
export function countCodes(nodes: OrderedNode[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const tag of ['bpt', 'ept', 'pc', 'ph', 'g']) {
		const n = findElements(nodes, tag).length;
		if (n) counts[tag] = n;
	}
	return counts;
}

/** The source and target of the first unit of an XLIFF or TMX file, read back into inline content. */
export function readSides(xml: string): { source: Inline[]; target: Inline[] } {
	const tree = parseOrderedXml(xml);
	const data = new Map(findElements(tree, 'data').map((d) => [d[':@']!.id, textIn(childrenOf(d))]));
	const segs = findElements(tree, 'seg');
	const [source, target] = segs.length ? segs : [findElements(tree, 'source')[0], findElements(tree, 'target')[0]];
	return { source: readInline(childrenOf(source), data), target: readInline(childrenOf(target), data) };
}

const bold: Mark = { type: 'strong' };
const italic: Mark = { type: 'em' };
const link = (href: string, title: string | null = null): Mark => ({ type: 'link', attrs: { href, title } });
const text = (t: string, ...marks: Mark[]): Inline => ({ type: 'text', text: t, ...(marks.length ? { marks } : {}) });
const block = (...content: Inline[]): Block => ({ type: 'paragraph', content });
const LINK = link('https://example.com/a?x=1&y="2"');

/** A source with bold, a link and italic inside it, and a translation that keeps some and adds others. */
export const MARKED_SOURCE = block(text('哈尔滨'), text('冰雪大世界', bold), text('开园，'), text('详见', LINK), text('官网', LINK, italic), text('。'));
export const MARKED_TARGET = block(
	text('The '),
	text('Harbin Ice and Snow World', bold),
	text(' opened; see the '),
	text('official ', LINK),
	text('website', LINK, bold),
	{ type: 'hard_break' },
	text('<b>not markup</b> & ', italic),
	text('more', link('https://example.org/', 'A “title”'))
);
export const markedDocument = () => documentOf([segment(1, MARKED_TARGET, 'approved', MARKED_SOURCE)]);

/**
 * Any block the editor can hold: text with up to two marks (one link at most, marks in order, links
 * in safeHref's normal form), hard breaks, no line feed inside text, in the model's tidy form.
 */
export const markedBlock = fc
	.array(
		fc.oneof(
			fc.record({
				type: fc.constant('text' as const),
				text: fc.string({ minLength: 1, maxLength: 6 }),
				marks: fc.subarray<Mark>([link('https://a.example/?q=%3C&%3E'), italic, bold, link('https://b.example/', 't')], { maxLength: 2 })
			}),
			fc.constant({ type: 'hard_break' as const })
		),
		{ minLength: 1, maxLength: 8 }
	)
	.map((nodes) =>
		block(
			...tidyInline(
				nodes.map((n): Inline => {
					if (n.type !== 'text') return n;
					const kept = sortMarks(n.marks.filter((m, i, all) => m.type !== 'link' || all.findIndex((x) => x.type === 'link') === i));
					return { type: 'text', text: n.text.replace(/[\n\r]/g, ' '), ...(kept.length ? { marks: kept } : {}) };
				})
			)
		)
	);
