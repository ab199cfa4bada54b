import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, readJsonObject } from '../http/api';
import { foreignCharset, foreignCharsetMessage, mediaType } from '../http/request-text';
import { decodeGlossaryFile, formatOfFilename, formatOfMediaType, MAX_GLOSSARY_FILE_BYTES, type GlossaryFormat } from '../../glossary/upload';

// A glossary file as the API receives it (the body, typed by Content-Type) and as the page's
// form uploads it (a file field, typed by its name): its text and format, or a clear refusal.

export type UploadedGlossary = { ok: true; text: string; format: GlossaryFormat; name: string } | { ok: false; status: 400 | 413 | 415; message: string };

const tooLarge = (): ApiError =>
	new ApiError(413, 'payload_too_large', `A glossary file may be at most ${MAX_GLOSSARY_FILE_BYTES / 1024 / 1024} MB. Split it and import each part.`);

/**
 * The API's import body: the file itself, CSV (text/csv) or TBX (application/x-tbx+xml,
 * application/xml) in UTF-8; or JSON `{format, text}`, which a browser's session may send.
 */
export async function readGlossaryBody(event: RequestEvent): Promise<Record<string, unknown>> {
	const contentType = event.request.headers.get('content-type');
	if (mediaType(contentType) === 'application/json') return readJsonObject(event);
	const format = formatOfMediaType(mediaType(contentType));
	if (!format) {
		throw new ApiError(
			415,
			'unsupported_media_type',
			'Send the glossary file as the body, with Content-Type: text/csv or application/x-tbx+xml (or application/xml).'
		);
	}
	const charset = foreignCharset(contentType);
	if (charset) throw new ApiError(415, 'unsupported_media_type', foreignCharsetMessage(charset, 'The glossary file'));
	if (Number(event.request.headers.get('content-length') ?? NaN) > MAX_GLOSSARY_FILE_BYTES) throw tooLarge();
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await event.request.arrayBuffer());
	} catch (e) {
		// adapter-node's BODY_SIZE_LIMIT fails the stream with its own 413.
		if ((e as { status?: unknown } | null)?.status === 413) throw tooLarge();
		throw e;
	}
	const decoded = decodeGlossaryFile(bytes, format);
	if (!decoded.ok)
		throw new ApiError(
			decoded.status,
			decoded.status === 400 ? 'invalid' : decoded.status === 413 ? 'payload_too_large' : 'unsupported_media_type',
			decoded.message
		);
	return decoded;
}

/** The page's upload: a File from the form, typed by its file name. */
export async function readGlossaryUpload(file: FormDataEntryValue | null): Promise<UploadedGlossary> {
	if (!(file instanceof File) || (file.size === 0 && file.name === ''))
		return { ok: false, status: 400, message: 'Choose a glossary file (.csv or .tbx) to import.' };
	const format = formatOfFilename(file.name);
	if (format !== 'csv' && format !== 'tbx') return { ok: false, status: 415, message: format };
	const name = `“${file.name.length > 100 ? `${file.name.slice(0, 99)}…` : file.name}”`;
	const decoded = decodeGlossaryFile(new Uint8Array(await file.arrayBuffer()), format, name);
	return decoded.ok ? { ...decoded, name: file.name } : decoded;
}
