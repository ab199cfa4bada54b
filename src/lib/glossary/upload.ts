import { formatBytes } from '../import/upload';

// Which glossary file was sent and its text: CSV or TBX by file name (a page's upload) or media
// type (the API's body), decoded as UTF-8. Each refusal says what to do instead; nothing is
// guessed from a file that is not what it claims, so nothing is half-read.

export type GlossaryFormat = 'csv' | 'tbx';

/** A 10,000-entry TBX with notes is about 3 MB. */
export const MAX_GLOSSARY_FILE_BYTES = 4 * 1024 * 1024;

export type DecodedGlossaryFile = { ok: true; text: string; format: GlossaryFormat } | { ok: false; status: 400 | 413 | 415; message: string };

const EXTENSIONS: Record<string, GlossaryFormat> = { csv: 'csv', tbx: 'tbx', xml: 'tbx' };
const MEDIA_TYPES: Record<string, GlossaryFormat> = {
	'text/csv': 'csv',
	'application/csv': 'csv',
	'text/comma-separated-values': 'csv',
	'application/x-tbx+xml': 'tbx',
	'application/tbx+xml': 'tbx',
	'application/xml': 'tbx',
	'text/xml': 'tbx'
};
const SPREADSHEETS = new Set(['xlsx', 'xls', 'ods', 'numbers']);

export const ACCEPTED_EXTENSIONS = '.csv,.tbx,.xml';

/** The format a file name says, or a refusal naming what to upload instead. */
export function formatOfFilename(filename: string): GlossaryFormat | string {
	const base = filename.split(/[/\\]/).pop()?.trim() ?? '';
	const extension = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
	const format = extension === undefined ? undefined : EXTENSIONS[extension];
	if (format) return format;
	const name = base === '' ? 'The file' : `“${base.length > 100 ? `${base.slice(0, 99)}…` : base}”`;
	if (extension && SPREADSHEETS.has(extension)) return `${name} is a spreadsheet. Save it as “CSV UTF-8” (File › Save as) and upload the .csv file.`;
	const what = extension === undefined ? 'has no file extension' : `is a .${extension.slice(0, 20)} file`;
	return `${name} ${what}. Upload a glossary as .csv or .tbx (TBX 2 or TBX v3).`;
}

/** The format a Content-Type names, or null. */
export function formatOfMediaType(mediaType: string): GlossaryFormat | null {
	return MEDIA_TYPES[mediaType.trim().toLowerCase()] ?? null;
}

/** Checks a glossary file's size and encoding and decodes it as UTF-8. */
export function decodeGlossaryFile(bytes: Uint8Array, format: GlossaryFormat, name = 'The file'): DecodedGlossaryFile {
	if (bytes.length === 0) return { ok: false, status: 400, message: `${name} is empty. Choose a glossary file with entries in it.` };
	if (bytes.length > MAX_GLOSSARY_FILE_BYTES) {
		const limit = formatBytes(MAX_GLOSSARY_FILE_BYTES);
		const size = formatBytes(bytes.length) === limit ? `${bytes.length.toLocaleString('en')} bytes` : formatBytes(bytes.length);
		const message = `${name} is ${size}; a glossary file may be at most ${limit}. Split it and import each part.`;
		return { ok: false, status: 413, message };
	}
	const resave = 'Open it in a text editor or spreadsheet, save it with the encoding “UTF-8”, and upload it again.';
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return { ok: false, status: 415, message: `${name} is saved as UTF-16, not UTF-8. ${resave}` };
	}
	if (bytes.includes(0)) return { ok: false, status: 415, message: `${name} looks like a binary file, not a ${format === 'csv' ? 'CSV' : 'TBX'} glossary.` };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return { ok: false, status: 415, message: `${name} is not valid UTF-8 text (it may use GBK, GB18030, Big5 or another older encoding). ${resave}` };
	}
	if (text.trim() === '') return { ok: false, status: 400, message: `${name} contains no text. Choose a glossary file with entries in it.` };
	return { ok: true, text, format };
}
