import { escapeXml, xmlAttributes } from './export-xml';
import type { ExportDocument } from './export-model';
import { CodeIds, hasMarks, inlineXml, TMX_INLINE } from './export-inline';

// TMX 1.4b: one translation unit per approved segment (a published version is approved
// throughout). Bold, italic and links are level-2 content markup (export-inline.ts); a hard break
// is a line feed inside <seg>.

export function toTmx(doc: ExportDocument, tool = { name: 'Rendition', version: '0.1.0' }): string {
	const pairs = doc.segments.filter((s) => s.state === 'approved' && s.target);
	const header = xmlAttributes({
		creationtool: tool.name,
		creationtoolversion: tool.version,
		segtype: 'paragraph',
		'o-tmf': 'Rendition',
		adminlang: 'en',
		srclang: doc.sourceLang,
		datatype: pairs.some((s) => hasMarks(s.source) || hasMarks(s.target!)) ? 'html' : 'plaintext'
	});
	const units = pairs.map((s) => {
		const ids = new CodeIds();
		const tuv = (lang: string, seg: string) => `<tuv${xmlAttributes({ 'xml:lang': lang })}><seg>${seg}</seg></tuv>`;
		const source = tuv(
			doc.sourceLang,
			inlineXml(s.source, (m) => ids.forSource(m), TMX_INLINE)
		);
		const target = tuv(
			doc.targetLang,
			inlineXml(s.target!, (m) => ids.forTarget(m), TMX_INLINE)
		);
		return `    <tu${xmlAttributes({ tuid: s.segmentId })}>${source}${target}</tu>\n`;
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
