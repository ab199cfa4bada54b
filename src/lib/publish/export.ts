import { plainText } from '../import/model';
import { slugify } from '../text/slug';
import { escapeHtml, renderBlocks } from './render';
import { toMarkdown } from './export-markdown';
import { toTmx } from './export-tmx';
import { toXliff12, toXliff20 } from './export-xliff';
import type { ExportDocument } from './export-model';

export type { ExportDocument, ExportSegment, ExportState } from './export-model';

// The export formats of a document: one pure function per format from an ExportDocument to text,
// with the content type and file extension a download needs.

export const EXPORT_FORMATS = ['html', 'md', 'txt', 'json', 'xliff12', 'xliff20', 'tmx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

const TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
	html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
	md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
	txt: { contentType: 'text/plain; charset=utf-8', extension: 'txt' },
	json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
	xliff12: { contentType: 'application/xliff+xml; charset=utf-8', extension: 'xlf' },
	xliff20: { contentType: 'application/xliff+xml; charset=utf-8', extension: 'xliff' },
	tmx: { contentType: 'application/x-tmx+xml; charset=utf-8', extension: 'tmx' }
};

export interface ExportFile {
	filename: string;
	contentType: string;
	body: string;
}

/** `{slug-of-title}-v{n}.{ext}`, or `-current` for the document as it is now. */
export function exportFilename(doc: Pick<ExportDocument, 'title' | 'version'>, format: ExportFormat): string {
	// slugify falls back to `project` for names without Latin letters or digits.
	const slug = /[a-z0-9]/i.test(doc.title.normalize('NFKD')) ? slugify(doc.title) : 'document';
	return `${slug}-${doc.version === null ? 'current' : `v${doc.version}`}.${TYPES[format].extension}`;
}

/** A standalone page; for a published version `storedHtml` is the HTML stored at publication. */
export function toHtmlDocument(doc: ExportDocument, storedHtml?: string): string {
	const body = storedHtml ?? renderBlocks(doc.segments.flatMap((s) => (s.target ? [s.target] : [])));
	return `<!doctype html>
<html lang="${escapeHtml(doc.targetLang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
</head>
<body>
<article>
${body}
</article>
</body>
</html>
`;
}

/** Plain text: each translated segment a paragraph, separated by blank lines. */
export function toText(doc: ExportDocument): string {
	return doc.segments.flatMap((s) => (s.target ? [plainText(s.target)] : [])).join('\n\n') + '\n';
}

export function toJson(doc: ExportDocument): string {
	return JSON.stringify(
		{
			document: doc.title,
			version: doc.version ?? 'current',
			sourceLang: doc.sourceLang,
			targetLang: doc.targetLang,
			segments: doc.segments.map((s) => ({
				position: s.position,
				segmentId: s.segmentId,
				revisionId: s.revisionId,
				state: s.state,
				source: { text: plainText(s.source), block: s.source },
				target: s.target ? { text: plainText(s.target), block: s.target } : null
			}))
		},
		null,
		2
	);
}

export function exportDocument(doc: ExportDocument, format: ExportFormat, storedHtml?: string): ExportFile {
	const body = {
		html: () => toHtmlDocument(doc, storedHtml),
		md: () =>
			toMarkdown(
				doc.segments.flatMap((s) => (s.target ? [s.target] : [])),
				doc.title
			),
		txt: () => toText(doc),
		json: () => toJson(doc),
		xliff12: () => toXliff12(doc),
		xliff20: () => toXliff20(doc),
		tmx: () => toTmx(doc)
	}[format]();
	return { filename: exportFilename(doc, format), contentType: TYPES[format].contentType, body };
}
