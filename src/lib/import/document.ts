import { MAX_HTML_TAGS, countHtmlTags, parseHtml } from './html';
import type { ParseOptions } from './inline';
import { parseMarkdown } from './markdown';
import { blockOverLimit, MAX_SEGMENT_CHARS } from './block-limits';
import { plainText, type Block } from './model';
import { parseText } from './text';
import { MAX_IMPORT_BYTES, formatBytes, type ImportFormat } from './upload';

export type { ImportFormat };

export { MAX_SEGMENT_CHARS };
export const MAX_SEGMENTS = 5_000;
/** Pasted text is bounded like an upload: one UTF-16 unit per byte of the upload limit. */
export const MAX_IMPORT_CHARS = MAX_IMPORT_BYTES;

export const IMPORT_FORMATS: readonly ImportFormat[] = ['text', 'markdown', 'html'];

const parsers: Record<ImportFormat, (input: string, options?: ParseOptions) => Block[]> = {
	text: parseText,
	markdown: parseMarkdown,
	html: parseHtml
};

export type ImportInput = { source: string; translation?: string | null; format: ImportFormat };

export type ImportField = 'source' | 'translation' | 'format';

export type ImportFailure = { ok: false; status: 400 | 413; message: string; field?: ImportField };

export type ImportResult =
	| {
			ok: true;
			source: Block[];
			/** null when no translation was given: the translator starts from empty. */
			translation: Block[] | null;
			/** False when both sides were given and their segment counts differ: the user merges or splits rows. */
			aligned: boolean;
			/** Segment counts; translation is 0 when there is none. */
			counts: { source: number; translation: number };
	  }
	| ImportFailure;

/**
 * Parses a document's source and optional machine translation into segments. Differing segment
 * counts are not an error here: the result says `aligned: false` and the import page lets the user
 * line the rows up. A blank translation counts as none. Every bad input is an `ok: false` value.
 */
export function importDocument(input: ImportInput): ImportResult {
	const format: unknown = input.format;
	if (typeof format !== 'string' || !(IMPORT_FORMATS as readonly string[]).includes(format)) {
		return { ok: false, status: 400, field: 'format', message: 'Choose a format: text, markdown or html.' };
	}

	const source = parseSide(input.source, format as ImportFormat, 'source');
	if (!Array.isArray(source)) return source;
	if (source.length === 0) {
		const message = 'The source text is empty. Paste or upload the text to translate.';
		return { ok: false, status: 400, field: 'source', message };
	}

	const rawTranslation: unknown = input.translation;
	const noTranslation = rawTranslation === undefined || rawTranslation === null;
	if (noTranslation || (typeof rawTranslation === 'string' && rawTranslation.trim() === '')) {
		return { ok: true, source, translation: null, aligned: true, counts: { source: source.length, translation: 0 } };
	}
	const translation = parseSide(rawTranslation, format as ImportFormat, 'translation');
	if (!Array.isArray(translation)) return translation;
	return {
		ok: true,
		source,
		translation,
		aligned: source.length === translation.length,
		counts: { source: source.length, translation: translation.length }
	};
}

function parseSide(text: unknown, format: ImportFormat, field: 'source' | 'translation'): Block[] | ImportFailure {
	const noun = field === 'source' ? 'the source text' : 'the translation';
	const label = noun[0].toUpperCase() + noun.slice(1);
	const refuse = (status: 400 | 413, message: string): ImportFailure => ({ ok: false, status, field, message });

	if (typeof text !== 'string') return refuse(400, `${label} must be text.`);
	if (text.length > MAX_IMPORT_CHARS) {
		return refuse(
			413,
			`${label} is too long: ${count(text.length)} characters, and the limit is ${count(MAX_IMPORT_CHARS)} ` +
				`(about ${formatBytes(MAX_IMPORT_BYTES)}). Split the document into smaller parts.`
		);
	}
	if (format === 'html' && countHtmlTags(text) > MAX_HTML_TAGS) {
		return refuse(
			413,
			`${label} has more than ${count(MAX_HTML_TAGS)} HTML tags. Keep only the article (no menus, scripts or ` + 'page furniture), or import it as plain text.'
		);
	}
	const blocks = parsers[format](text, { maxBlocks: MAX_SEGMENTS + 1 });
	if (blocks.length > MAX_SEGMENTS) {
		return refuse(413, `${label} has more than ${count(MAX_SEGMENTS)} paragraphs. Split the document into smaller parts.`);
	}
	const longIndex = blocks.findIndex((block) => plainText(block).length > MAX_SEGMENT_CHARS);
	if (longIndex >= 0) {
		const length = plainText(blocks[longIndex]).length;
		return refuse(
			413,
			`Paragraph ${longIndex + 1} of ${noun} is ${count(length)} characters long, and the limit is ` +
				`${count(MAX_SEGMENT_CHARS)}. Break it into shorter paragraphs.`
		);
	}
	// Links and formatting are bounded as well as text: a title attribute can be any length.
	for (const [i, block] of blocks.entries()) {
		const over = blockOverLimit(block);
		if (over) return refuse(413, `Paragraph ${i + 1} of ${noun}: ${over}`);
	}
	return blocks;
}

function count(n: number): string {
	return n.toLocaleString('en');
}
