import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, readJsonObject } from '../http/api';
import { foreignCharset, foreignCharsetMessage, mediaType } from '../http/request-text';
import { DomainError } from '../errors';
import { maxTmxBytes, sizeText, tooLarge } from './tmx-upload';

// A TMX file as the API receives it: the body itself (application/x-tmx+xml, application/xml,
// text/xml), streamed; or JSON `{ "tmx": "…" }` (at most 1 MiB), which a browser's session may
// send since its writes must be JSON.

export const TMX_MEDIA_TYPES = new Set(['application/x-tmx+xml', 'application/xml', 'text/xml']);

export interface TmxBody {
	chunks: AsyncIterable<Uint8Array>;
	declaredBytes: number | null;
}

export async function readTmxBody(event: RequestEvent): Promise<TmxBody> {
	const { request } = event;
	const contentType = request.headers.get('content-type');
	if (mediaType(contentType) === 'application/json') {
		const { tmx } = await readJsonObject(event);
		if (typeof tmx !== 'string' || tmx.trim() === '') throw new ApiError(400, 'invalid', 'Send the TMX file’s text as “tmx”.', 'tmx');
		const bytes = Buffer.from(tmx);
		return {
			chunks: (async function* () {
				yield bytes;
			})(),
			declaredBytes: bytes.byteLength
		};
	}
	if (!TMX_MEDIA_TYPES.has(mediaType(contentType))) {
		throw new ApiError(
			415,
			'unsupported_media_type',
			'Send the TMX file as the body, with Content-Type: application/x-tmx+xml (or application/xml, text/xml).'
		);
	}
	const charset = foreignCharset(contentType);
	if (charset) throw new ApiError(415, 'unsupported_media_type', foreignCharsetMessage(charset, 'The TMX file'));
	const declared = request.headers.get('content-length');
	const declaredBytes = declared === null || declared.trim() === '' ? null : Number(declared);
	// Refused before a byte of it is read.
	if (declaredBytes !== null && declaredBytes > maxTmxBytes()) throw new ApiError(413, 'payload_too_large', tooLarge().message);
	if (!request.body) throw new ApiError(400, 'invalid', 'The file is empty. Send a TMX file as the body.');
	return { chunks: bodyChunks(request.body), declaredBytes: Number.isFinite(declaredBytes) ? declaredBytes : null };
}

/**
 * The body as it arrives. Stopping early releases the stream rather than cancelling it: a
 * cancel destroys the socket before the 413 is sent (Connection: close then ends it).
 */
function bodyChunks(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
	return {
		[Symbol.asyncIterator]() {
			const reader = body.getReader();
			return {
				async next() {
					try {
						const r = await reader.read();
						return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
					} catch (e) {
						// adapter-node's BODY_SIZE_LIMIT fails the stream with its own 413.
						if ((e as { status?: unknown } | null)?.status === 413) {
							throw new DomainError(
								'payload_too_large',
								`This server accepts request bodies of at most its BODY_SIZE_LIMIT; a TMX file may be at most ${sizeText(maxTmxBytes())} once that is raised. Split the file or ask an administrator.`
							);
						}
						throw e;
					}
				},
				async return() {
					reader.releaseLock();
					return { done: true, value: undefined };
				}
			};
		}
	};
}
