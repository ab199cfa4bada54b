import { escapeXml, xmlAttributes } from './export-xml';
import { type ExportDocument, type ExportSegment, type ExportState } from './export-model';
import { CodeIds, hasMarks, inlineXml, OriginalData, XLIFF12_INLINE, xliff20Inline } from './export-inline';

// XLIFF 1.2 (valid against the strict core schema) and XLIFF 2.0 (core only). Bold, italic and
// links are inline codes (export-inline.ts); a hard break is a line feed inside the segment, kept
// by xml:space="preserve".

const XLIFF12_TARGET_STATE: Record<ExportState, string> = {
	untranslated: 'needs-translation',
	mt: 'needs-review-translation',
	edited: 'translated',
	submitted: 'translated',
	changes_requested: 'needs-translation',
	approved: 'final'
};

const XLIFF20_STATE: Record<ExportState, 'initial' | 'translated' | 'reviewed' | 'final'> = {
	untranslated: 'initial',
	mt: 'initial',
	edited: 'translated',
	submitted: 'translated',
	changes_requested: 'translated',
	approved: 'final'
};

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function original(doc: ExportDocument): string {
	return doc.version === null ? 'current' : `v${doc.version}`;
}

function transUnit12(doc: ExportDocument, segment: ExportSegment): string {
	const approved = segment.state === 'approved';
	const unit = xmlAttributes({
		id: segment.segmentId,
		resname: `segment-${segment.position}`,
		approved: approved ? 'yes' : undefined,
		'xml:space': 'preserve'
	});
	const ids = new CodeIds();
	const source = `<source${xmlAttributes({ 'xml:lang': doc.sourceLang })}>${inlineXml(segment.source, (m) => ids.forSource(m), XLIFF12_INLINE)}</source>`;
	const target = segment.target
		? `<target${xmlAttributes({
				'xml:lang': doc.targetLang,
				state: XLIFF12_TARGET_STATE[segment.state],
				'state-qualifier': segment.state === 'mt' ? 'leveraged-mt' : undefined
			})}>${inlineXml(segment.target, (m) => ids.forTarget(m), XLIFF12_INLINE)}</target>`
		: '';
	return `      <trans-unit${unit}>${source}${target}</trans-unit>\n`;
}

export function toXliff12(doc: ExportDocument): string {
	const file = xmlAttributes({
		original: original(doc),
		'source-language': doc.sourceLang,
		'target-language': doc.targetLang,
		// The inline codes carry HTML; a document without any is plain text.
		datatype: doc.segments.some((s) => hasMarks(s.source) || (s.target && hasMarks(s.target))) ? 'html' : 'plaintext',
		'tool-id': 'rendition'
	});
	return (
		XML_DECLARATION +
		'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n' +
		`  <file${file}>\n` +
		`    <header><tool tool-id="rendition" tool-name="Rendition"/><note>${escapeXml(doc.title)}</note></header>\n` +
		'    <body>\n' +
		doc.segments.map((s) => transUnit12(doc, s)).join('') +
		'    </body>\n  </file>\n</xliff>\n'
	);
}

function unit20(doc: ExportDocument, segment: ExportSegment): string {
	// A segment whose state is not initial must have a target.
	const state = segment.target ? XLIFF20_STATE[segment.state] : 'initial';
	const unit = xmlAttributes({ id: `u${segment.segmentId}`, name: `segment-${segment.position}`, 'xml:space': 'preserve' });
	const seg = xmlAttributes({ id: `s${segment.segmentId}`, state, subState: `rendition:${segment.state}` });
	const ids = new CodeIds();
	const data = new OriginalData();
	const inline = xliff20Inline(data);
	const source = `<source${xmlAttributes({ 'xml:lang': doc.sourceLang })}>${inlineXml(segment.source, (m) => ids.forSource(m), inline)}</source>`;
	const target = segment.target
		? `<target${xmlAttributes({ 'xml:lang': doc.targetLang })}>${inlineXml(segment.target, (m) => ids.forTarget(m), inline)}</target>`
		: '';
	// <originalData> comes before the segment, so it is written once both sides are known.
	return `    <unit${unit}>${data.toXml()}<segment${seg}>${source}${target}</segment></unit>\n`;
}

export function toXliff20(doc: ExportDocument): string {
	return (
		XML_DECLARATION +
		`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"${xmlAttributes({ srcLang: doc.sourceLang, trgLang: doc.targetLang })}>\n` +
		`  <file${xmlAttributes({ id: 'f1', original: original(doc) })}>\n` +
		`    <notes><note category="title">${escapeXml(doc.title)}</note></notes>\n` +
		doc.segments.map((s) => unit20(doc, s)).join('') +
		'  </file>\n</xliff>\n'
	);
}
