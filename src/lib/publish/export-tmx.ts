import { plainText } from '../import/model';
import { escapeXml, xmlAttributes } from './export-xml';
import type { ExportDocument } from './export-model';

// TMX 1.4b: one translation unit per approved segment (a published version is approved
// throughout), plain text; a hard break is a line feed inside <seg>.

export function toTmx(doc: ExportDocument, tool = { name: 'Rendition', version: '0.1.0' }): string {
	const header = xmlAttributes({
		creationtool: tool.name,
		creationtoolversion: tool.version,
		segtype: 'paragraph',
		'o-tmf': 'Rendition',
		adminlang: 'en',
		srclang: doc.sourceLang,
		datatype: 'plaintext'
	});
	const units = doc.segments
		.filter((s) => s.state === 'approved' && s.target)
		.map((s) => {
			const tuv = (lang: string, text: string) => `<tuv${xmlAttributes({ 'xml:lang': lang })}><seg>${escapeXml(text)}</seg></tuv>`;
			return `    <tu${xmlAttributes({ tuid: s.segmentId })}>${tuv(doc.sourceLang, plainText(s.source))}${tuv(doc.targetLang, plainText(s.target!))}</tu>\n`;
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
