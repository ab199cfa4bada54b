// Whether a request's text can be read as what its sender typed. Browsers and the API send UTF-8;
// anything else (bytes that are not UTF-8, another declared charset, a lone surrogate escaped in
// JSON) would be decoded with U+FFFD in place of what could not be read and stored as if it had
// been sent: it is refused instead, with a message. Pure: bytes and strings in, verdicts out.

/** What cannot be read: the message for the sender, and the field at fault when there is one. */
export interface TextRefusal {
	message: string;
	field?: string;
}

const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/** The parameters of a Content-Type header, names in lower case, quoted values unquoted. */
function parameters(contentType: string): Map<string, string> {
	const params = new Map<string, string>();
	for (const match of contentType.matchAll(/;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
		const raw = match[2].trim();
		params.set(match[1].toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
	}
	return params;
}

/** The media type of a Content-Type header, in lower case, without its parameters. */
export function mediaType(contentType: string | null): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The charset a Content-Type declares, or null; in lower case, quotes removed. */
export function declaredCharset(contentType: string | null): string | null {
	return (
		parameters(contentType ?? '')
			.get('charset')
			?.trim()
			.toLowerCase() ?? null
	);
}

/** Null when the Content-Type declares no charset or UTF-8; otherwise the charset it declares. */
export function foreignCharset(contentType: string | null): string | null {
	const charset = declaredCharset(contentType);
	return charset === null || UTF8_NAMES.has(charset) ? null : charset;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Well-formed UTF-8: no stray or cut sequences, no overlong forms, no encoded surrogates. */
export function isUtf8(bytes: Uint8Array): boolean {
	try {
		strict.decode(bytes);
		return true;
	} catch {
		return false;
	}
}

const hex = (byte: number | undefined) => (byte === undefined ? -1 : parseInt(String.fromCharCode(byte), 16));

/** The bytes a percent-encoded string stands for, as a form decoder reads them: %XX is that byte, + a space. */
export function percentDecoded(bytes: Uint8Array): Uint8Array {
	const out = new Uint8Array(bytes.length);
	let n = 0;
	for (let i = 0; i < bytes.length; i++) {
		const high = bytes[i] === 0x25 ? hex(bytes[i + 1]) : -1;
		const low = high >= 0 ? hex(bytes[i + 2]) : -1;
		if (low >= 0) {
			out[n++] = high * 16 + low;
			i += 2;
		} else out[n++] = bytes[i] === 0x2b ? 0x20 : bytes[i];
	}
	return out.subarray(0, n);
}

const AGAIN = { form: 'Nothing was saved: reload the page and send it again.', query: 'Percent-encode the address as UTF-8, as browsers do.' };
const notUtf8 = (what: string, kind: keyof typeof AGAIN = 'form') => `${what} is not valid UTF-8 text, so it cannot be read as it was sent. ${AGAIN[kind]}`;

/** A field name to show: as far as it can be read, and short. */
const shown = (bytes: Uint8Array) => new TextDecoder().decode(bytes).slice(0, 60);

/**
 * An application/x-www-form-urlencoded body (or a query string without its `?`): each name and
 * value must be UTF-8 both as sent and once its %XX escapes are decoded. Names the first field that is not.
 */
export function urlEncodedRefusal(bytes: Uint8Array, kind: 'form' | 'query' = 'form'): TextRefusal | null {
	// A sequence of UTF-8 never holds the byte of '&', so the whole is UTF-8 exactly when each pair is.
	if (isUtf8(bytes) && isUtf8(percentDecoded(bytes))) return null;
	let start = 0;
	for (let i = 0; i <= bytes.length; i++) {
		if (i < bytes.length && bytes[i] !== 0x26) continue;
		const pair = bytes.subarray(start, i);
		start = i + 1;
		if (isUtf8(pair) && isUtf8(percentDecoded(pair))) continue;
		const equals = pair.indexOf(0x3d);
		const name = percentDecoded(equals < 0 ? pair : pair.subarray(0, equals));
		const field = isUtf8(name) ? shown(name) : undefined;
		const what = kind === 'form' ? (field ? `The form's field “${field}”` : 'The form') : field ? `The query parameter “${field}”` : 'The query';
		return { message: notUtf8(what, kind), field };
	}
	return null;
}

/** A text/plain form body: UTF-8 as it is. */
export function plainTextRefusal(bytes: Uint8Array): TextRefusal | null {
	return isUtf8(bytes) ? null : { message: notUtf8('The form') };
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * A multipart/form-data body: every text field (a part without a filename) must be UTF-8 and
 * declare no other charset. Uploaded files are left to the checks of whoever reads them (an
 * import says which encoding a file seems to use). A body that is not multipart as declared is
 * left to the form parser to refuse. Only the parts' boundaries are found here: form parsers
 * (the platform's, busboy) hand out text already decoded with U+FFFD, too late to tell.
 */
export function multipartRefusal(contentType: string, body: Uint8Array): TextRefusal | null {
	const boundary = parameters(contentType).get('boundary');
	if (!boundary) return null;
	const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	const delimiter = Buffer.from(`--${boundary}`);
	const nextDelimiter = Buffer.concat([CRLF, delimiter]);
	let at = bytes.indexOf(delimiter);
	while (at >= 0) {
		const afterDelimiter = at + delimiter.length;
		if (bytes.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return null;
		const headersStart = bytes.indexOf(CRLF, afterDelimiter);
		const headersEnd = headersStart < 0 ? -1 : bytes.indexOf(HEADERS_END, headersStart);
		if (headersEnd < 0) return null;
		const next = bytes.indexOf(nextDelimiter, headersEnd);
		if (next < 0) return null;
		const headerBytes = bytes.subarray(headersStart + 2, headersEnd);
		const refusal = partRefusal(headerBytes, bytes.subarray(headersEnd + 4, next));
		if (refusal) return refusal;
		at = next + 2;
	}
	return null;
}

function partRefusal(headerBytes: Uint8Array, content: Uint8Array): TextRefusal | null {
	const headers = new Map<string, string>();
	for (const line of Buffer.from(headerBytes).toString('latin1').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1));
	}
	const disposition = parameters(headers.get('content-disposition') ?? '');
	if (disposition.has('filename') || disposition.has('filename*')) return null;
	if (!isUtf8(headerBytes)) return { message: notUtf8('A field name of the form') };
	// Header values were read as Latin-1 to find their structure; the name is UTF-8, as checked.
	const field = Buffer.from(disposition.get('name') ?? '', 'latin1').toString('utf8');
	const charset = foreignCharset(headers.get('content-type') ?? null);
	if (charset) return { field, message: foreignCharsetMessage(charset, `The form's field “${field.slice(0, 60)}”`) };
	return isUtf8(content) ? null : { field, message: notUtf8(`The form's field “${field.slice(0, 60)}”`) };
}

/** The refusal of a declared charset other than UTF-8. */
export function foreignCharsetMessage(charset: string, what = 'The form'): string {
	return `${what} was sent as ${charset.slice(0, 40)}; this server reads text only as UTF-8. Nothing was saved: send it again encoded as UTF-8.`;
}

/**
 * Where in a parsed JSON value a string (or a key) holds a lone surrogate (`"\ud800"` without its
 * pair: JSON allows the escape, but it is no character), as a dotted path; null when none does.
 * Walks with its own stack: JSON.parse accepts nesting deeper than recursion could follow.
 */
export function loneSurrogatePath(value: unknown): string | null {
	const stack: [unknown, string][] = [[value, '']];
	while (stack.length > 0) {
		const [current, path] = stack.pop()!;
		if (typeof current === 'string') {
			if (!current.isWellFormed()) return path || 'body';
		} else if (Array.isArray(current)) {
			current.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
		} else if (typeof current === 'object' && current !== null) {
			for (const [key, item] of Object.entries(current)) {
				// Shown in a message: the key as far as it can be.
				const at = path ? `${path}.${key.toWellFormed()}` : key.toWellFormed();
				if (!key.isWellFormed()) return at;
				stack.push([item, at]);
			}
		}
	}
	return null;
}
