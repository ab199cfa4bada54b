import { escapeXml, xmlAttributes } from './export-xml';
import { type ExportDocument, type ExportSegment, type ExportState } from './export-model';
import { hasCodes, inlinePair, OriginalData, XLIFF12_INLINE, xliff20Inline } from './export-inline';

// XLIFF 1.2 (valid against the strict core schema) and XLIFF 2.0 (core only). Bold, italic, links
// and hard breaks are inline codes (export-inline.ts). docs/interchange.md gives the reasons.

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

const MAX_NAME_CHARS = 120;

/**
 * The document as `original` names it: its title and version, e.g. `哈尔滨冰雪节 (v3)`. Tools show
 * `original` as a file name and some write files by it, so characters a path or a file system
 * would read (separators, reserved punctuation, controls, direction overrides) become spaces.
 */
export function documentName(doc: Pick<ExportDocument, 'title' | 'version'>): string {
	const cleaned = doc.title.replace(/[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]+/gu, ' ').replace(/\s+/g, ' ');
	const title = [...cleaned.trim()].slice(0, MAX_NAME_CHARS).join('').trim();
	return `${title || 'Untitled document'} (${doc.version === null ? 'current' : `v${doc.version}`})`;
}

function transUnit12(doc: ExportDocument, segment: ExportSegment): string {
	const approved = segment.state === 'approved';
	const unit = xmlAttributes({
		id: segment.segmentId,
		resname: `segment-${segment.position}`,
		approved: approved ? 'yes' : undefined,
		'xml:space': 'preserve'
	});
	const inline = inlinePair(segment.source, segment.target, XLIFF12_INLINE);
	const source = `<source${xmlAttributes({ 'xml:lang': doc.sourceLang })}>${inline.source}</source>`;
	// XLIFF 1.2 keeps a unit's state on <target>, so an untranslated unit gets an empty one that says so.
	const target = `<target${xmlAttributes({
		'xml:lang': doc.targetLang,
		state: segment.target ? XLIFF12_TARGET_STATE[segment.state] : 'needs-translation',
		'state-qualifier': segment.state === 'mt' ? 'leveraged-mt' : undefined
	})}>${inline.target ?? ''}</target>`;
	return `      <trans-unit${unit}>${source}${target}</trans-unit>\n`;
}

export function toXliff12(doc: ExportDocument): string {
	const file = xmlAttributes({
		original: documentName(doc),
		'source-language': doc.sourceLang,
		'target-language': doc.targetLang,
		// The inline codes carry HTML; a document without any is plain text.
		datatype: doc.segments.some((s) => hasCodes(s.source) || (s.target && hasCodes(s.target))) ? 'html' : 'plaintext',
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
	const data = new OriginalData();
	const inline = inlinePair(segment.source, segment.target, xliff20Inline(data));
	const source = `<source${xmlAttributes({ 'xml:lang': doc.sourceLang })}>${inline.source}</source>`;
	// XLIFF 2.0 keeps the state on <segment>: "initial" with no target is its own word for untranslated.
	const target = inline.target !== null ? `<target${xmlAttributes({ 'xml:lang': doc.targetLang })}>${inline.target}</target>` : '';
	// <originalData> comes before the segment, so it is written once both sides are known.
	return `    <unit${unit}>${data.toXml()}<segment${seg}>${source}${target}</segment></unit>\n`;
}

export function toXliff20(doc: ExportDocument): string {
	return (
		XML_DECLARATION +
		`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"${xmlAttributes({ srcLang: doc.sourceLang, trgLang: doc.targetLang })}>\n` +
		`  <file${xmlAttributes({ id: 'f1', original: documentName(doc) })}>\n` +
		`    <notes><note category="title">${escapeXml(doc.title)}</note></notes>\n` +
		doc.segments.map((s) => unit20(doc, s)).join('') +
		'  </file>\n</xliff>\n'
	);
}
