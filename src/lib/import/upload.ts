export type ImportFormat = 'text' | 'markdown' | 'html';

/** The largest upload we accept, per file. Also the longest pasted text importDocument parses. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type DecodedUpload = { ok: true; text: string; format: ImportFormat } | { ok: false; status: 400 | 413 | 415; message: string };

const FORMATS: Record<string, ImportFormat> = {
	txt: 'text',
	md: 'markdown',
	markdown: 'markdown',
	html: 'html',
	htm: 'html'
};

// A text file may hold the odd form feed or escape; more than this share of control bytes is not text.
const MAX_CONTROL_SHARE = 0.01;

/** Checks an uploaded file and decodes it as UTF-8; every refusal says what to do instead. */
export function decodeUpload(bytes: Uint8Array, filename: string, limitBytes: number = MAX_IMPORT_BYTES): DecodedUpload {
	const base = filename.split(/[/\\]/).pop()?.trim() ?? '';
	const name = base === '' ? 'The file' : `“${base.length > 100 ? `${base.slice(0, 99)}…` : base}”`;
	const extension = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
	const format = extension === undefined ? undefined : FORMATS[extension];
	if (format === undefined) {
		const what = extension === undefined ? 'has no file extension' : `is a .${extension.slice(0, 20)} file`;
		return refuse(415, `${name} ${what}. Upload a .txt, .md or .html file (saved as UTF-8).`);
	}
	if (bytes.length === 0) return refuse(400, `${name} is empty. Choose a file with the text in it.`);
	if (bytes.length > limitBytes) {
		const limit = formatBytes(limitBytes);
		// "2 MB; the limit is 2 MB" would puzzle anyone: give the exact size when it rounds to the limit.
		const size = formatBytes(bytes.length) === limit ? `${bytes.length.toLocaleString('en')} bytes` : formatBytes(bytes.length);
		return refuse(413, `${name} is ${size}; the limit is ${limit} per file. ` + 'Split the document into smaller parts and import each one.');
	}
	const utf16 = utf16Kind(bytes);
	if (utf16) {
		return refuse(415, `${name} is saved as ${utf16}, not UTF-8. ` + 'Open it in a text editor, save it with the encoding “UTF-8”, and upload it again.');
	}
	if (looksBinary(bytes)) {
		return refuse(415, `${name} looks like a binary file, not text. Upload a .txt, .md or .html file saved as UTF-8.`);
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return refuse(
			415,
			`${name} is not valid UTF-8 text (it may use GBK, GB18030, Big5 or another older encoding). ` +
				'Open it in a text editor, save it with the encoding “UTF-8”, and upload it again.'
		);
	}
	if (text.trim() === '') return refuse(400, `${name} contains no text. Choose a file with the text in it.`);
	return { ok: true, text, format };
}

/** "2 MB", "512 KB", "300 bytes": binary units, as the limit is defined. */
export function formatBytes(bytes: number): string {
	const units: [number, string][] = [
		[1024 * 1024, 'MB'],
		[1024, 'KB']
	];
	for (const [size, unit] of units) {
		if (bytes >= size) {
			const value = bytes / size;
			const rounded = value >= 10 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
			return `${rounded} ${unit}`;
		}
	}
	return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

function refuse(status: 400 | 413 | 415, message: string): DecodedUpload {
	return { ok: false, status, message };
}

/** UTF-16 announced by a byte-order mark, or betrayed by a NUL in every other byte of ASCII text. */
function utf16Kind(bytes: Uint8Array): string | null {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16 (little-endian)';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 (big-endian)';
	const sample = bytes.subarray(0, 4096);
	if (sample.length < 4) return null;
	let evenNuls = 0;
	let oddNuls = 0;
	for (let i = 0; i < sample.length; i++) {
		if (sample[i] !== 0) continue;
		if (i % 2 === 0) evenNuls++;
		else oddNuls++;
	}
	const half = sample.length / 2;
	if (oddNuls > 0.6 * half && evenNuls < 0.1 * half) return 'UTF-16 (little-endian)';
	if (evenNuls > 0.6 * half && oddNuls < 0.1 * half) return 'UTF-16 (big-endian)';
	return null;
}

function looksBinary(bytes: Uint8Array): boolean {
	let control = 0;
	for (const byte of bytes) {
		if (byte === 0) return true;
		// Tab, line feed, form feed and carriage return are ordinary in text.
		if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) control++;
	}
	return control > bytes.length * MAX_CONTROL_SHARE;
}
