import { XMLParser } from 'fast-xml-parser';
import { blockFromPlainText, type Block } from '../import/model';
import type { ExportDocument, ExportSegment, ExportState } from './export-model';

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

export function segment(position: number, target: Block | null, state: ExportState = 'approved', source: Block = paragraph(`源文 ${position} <&>`)): ExportSegment {
	return { position, segmentId: 100 + position, revisionId: target ? 1000 + position : null, state, source, target };
}

export function documentOf(segments: ExportSegment[], version: number | null = 3): ExportDocument {
	return { title: 'Harbin <i>news</i> & “more”', version, sourceLang: 'zh-Hans', targetLang: 'en', segments };
}

export const hardDocument = (version: number | null = 3): ExportDocument => documentOf(HARD_TEXTS.map((t, i) => segment(i + 1, paragraph(t), 'approved', paragraph(t))), version);

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

/** xmllint's verdict on well-formedness (and on a schema, when given with its imports). */
export async function xmllint(xml: string, schema?: { fileName: string; contents: string }[]): Promise<{ valid: boolean; errors: string[] }> {
	const { validateXML } = await import('xmllint-wasm');
	const result = schema
		? await validateXML({ xml: { fileName: 'export.xml', contents: xml }, schema: schema[0], preload: schema.slice(1) })
		: await validateXML({ xml: { fileName: 'export.xml', contents: xml }, normalization: 'format' });
	return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
