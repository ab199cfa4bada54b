import type { Block } from '../import/model';
import { inlinePair, TMX_INLINE } from '../publish/export-inline';
import { escapeXml, xmlAttributes } from '../publish/export-xml';
import { tmxHeaderAttributes, type TmxTool } from '../publish/export-tmx';

// A translation memory as TMX 1.4b, written as it is read from the database: a header, then one
// <tu> per unit, each chunk a string. Inline codes are those of the document exports
// (export-inline.ts), so a unit exported here and the same segment in an exported XLIFF or TMX
// carry the same tags. docs/interchange.md describes the props.

export interface TmWriteUnit {
	source: Block;
	target: Block;
	createdAt: Date;
	createdBy?: string;
	changedAt?: Date;
	changedBy?: string;
	documentTitle?: string;
	projectName?: string;
	/** The plain text of the source segments before and after this one in its document. */
	context?: { prev?: string; next?: string };
}

export interface TmxHeader {
	sourceLang: string;
	targetLang: string;
	createdAt?: Date;
	tool?: TmxTool;
}

/** A TMX date: `20240131T083000Z`. */
export function formatTmxDate(date: Date): string {
	return date
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

const prop = (type: string, value: string | undefined) => (value ? `<prop${xmlAttributes({ type })}>${escapeXml(value)}</prop>` : '');
const tuv = (lang: string, seg: string) => `<tuv${xmlAttributes({ 'xml:lang': lang })}><seg>${seg}</seg></tuv>`;

/** One <tu> of a unit, on its own line. */
export function tmxUnit(unit: TmWriteUnit, langs: { sourceLang: string; targetLang: string }): string {
	const inline = inlinePair(unit.source, unit.target, TMX_INLINE);
	const attrs = xmlAttributes({
		creationdate: formatTmxDate(unit.createdAt),
		creationid: unit.createdBy || undefined,
		changedate: unit.changedAt ? formatTmxDate(unit.changedAt) : undefined,
		changeid: unit.changedBy || undefined
	});
	const props =
		prop('x-document', unit.documentTitle) +
		prop('x-project', unit.projectName) +
		prop('x-context-prev', unit.context?.prev) +
		prop('x-context-next', unit.context?.next);
	return `    <tu${attrs}>${props}${tuv(langs.sourceLang, inline.source)}${tuv(langs.targetLang, inline.target!)}</tu>\n`;
}

/**
 * The TMX file of `units`, in chunks: the header first, then one chunk per unit, then the end.
 * `datatype` is html because the inline codes hold HTML; text without codes reads the same.
 */
export async function* writeTmx(units: AsyncIterable<TmWriteUnit> | Iterable<TmWriteUnit>, header: TmxHeader): AsyncGenerator<string> {
	const attrs = tmxHeaderAttributes({
		srclang: header.sourceLang,
		datatype: 'html',
		tool: header.tool,
		creationdate: formatTmxDate(header.createdAt ?? new Date())
	});
	yield `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header${attrs}/>\n  <body>\n`;
	for await (const unit of units) yield tmxUnit(unit, header);
	yield '  </body>\n</tmx>\n';
}
