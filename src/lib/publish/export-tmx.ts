import { escapeXml, xmlAttributes } from './export-xml';
import type { ExportDocument } from './export-model';
import { hasCodes, inlinePair, TMX_INLINE } from './export-inline';

// TMX 1.4b: one translation unit per approved segment (a published version is approved
// throughout). Bold, italic, links and hard breaks are level-2 content markup (export-inline.ts),
// encoded as the XLIFF 1.2 export encodes them.

export interface TmxTool {
	name: string;
	version: string;
}

export const RENDITION_TOOL: TmxTool = { name: 'Rendition', version: '0.1.0' };

/** The attributes of <header> that TMX requires, written alike by the document export and the memory's. */
export function tmxHeaderAttributes(header: { srclang: string; datatype: 'html' | 'plaintext'; tool?: TmxTool; creationdate?: string }): string {
	const tool = header.tool ?? RENDITION_TOOL;
	return xmlAttributes({
		creationtool: tool.name,
		creationtoolversion: tool.version,
		segtype: 'paragraph',
		'o-tmf': 'Rendition',
		adminlang: 'en',
		srclang: header.srclang,
		datatype: header.datatype,
		creationdate: header.creationdate
	});
}

export function toTmx(doc: ExportDocument, tool = RENDITION_TOOL): string {
	const pairs = doc.segments.filter((s) => s.state === 'approved' && s.target);
	const header = tmxHeaderAttributes({
		srclang: doc.sourceLang,
		datatype: pairs.some((s) => hasCodes(s.source) || hasCodes(s.target!)) ? 'html' : 'plaintext',
		tool
	});
	const units = pairs.map((s) => {
		const inline = inlinePair(s.source, s.target, TMX_INLINE);
		const tuv = (lang: string, seg: string) => `<tuv${xmlAttributes({ 'xml:lang': lang })}><seg>${seg}</seg></tuv>`;
		return `    <tu${xmlAttributes({ tuid: s.segmentId })}>${tuv(doc.sourceLang, inline.source)}${tuv(doc.targetLang, inline.target!)}</tu>\n`;
	});
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		'<tmx version="1.4">\n' +
		`  <header${header}><prop type="x-title">${escapeXml(doc.title)}</prop></header>\n` +
		'  <body>\n' +
		units.join('') +
		'  </body>\n</tmx>\n'
	);
}
