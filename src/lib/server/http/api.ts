import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { DomainError, RateLimited, statusOf } from '../errors';
import type { AuthUser } from '../auth/sessions';
import { errorJson } from './json';
import { foreignCharset, foreignCharsetMessage, loneSurrogatePath } from './request-text';
import { isClientAbort, logClientAbort } from './client-abort';
import { SAFE_METHODS } from './origin';
import { isDatabaseUnavailable } from '../db/unavailable';

// The JSON API's conventions: errors are { error: { code, message, field? } } with a fitting
// status; bodies are JSON of bounded size; state changes need a token or a same-origin JSON call.

export const MAX_JSON_BYTES = 1024 * 1024;

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string
	) {
		super(message);
	}
}

export function errorResponse(status: number, code: string, message: string, field?: string, headers?: HeadersInit): Response {
	return json(errorJson(code, message, field), { status, headers });
}

/** Wraps a handler so expected failures become JSON errors and nothing leaks as an HTML 500. */
export function apiHandler(handler: (event: RequestEvent) => Promise<Response>): RequestHandler {
	return async (event) => {
		try {
			return await handler(event);
		} catch (e) {
			if (e instanceof ApiError) {
				// The unread rest of an oversized body would otherwise keep the connection busy.
				const headers = e.status === 413 ? { connection: 'close' } : undefined;
				return errorResponse(e.status, e.code, e.message, e.field, headers);
			}
			if (e instanceof DomainError) {
				const headers: Record<string, string> | undefined =
					e instanceof RateLimited ? { 'retry-after': String(e.retryAfterSeconds) } : e.code === 'payload_too_large' ? { connection: 'close' } : undefined;
				return errorResponse(statusOf[e.code], e.code, e.message, e.field, headers);
			}
			if (isClientAbort(e)) {
				logClientAbort(event);
				return errorResponse(400, 'incomplete_request', 'The request was not received in full.');
			}
			if (isDatabaseUnavailable(e)) return unavailableApiResponse();
			console.error(`API ${event.request.method} ${event.url.pathname} failed`, e);
			return errorResponse(500, 'internal', 'Something went wrong on the server; the request was not applied.');
		}
	};
}

/** The JSON API's routes, by route id rather than path, so that no spelling of a URL reaches a page as the API. */
export function isApiRoute(routeId: string | null): boolean {
	return routeId !== null && routeId.startsWith('/api/');
}

/** Seconds a client should wait before trying again while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** 503 while the database cannot be reached. */
export function unavailableApiResponse(): Response {
	const message = 'The database is not reachable right now; try again in a few seconds.';
	return errorResponse(503, 'unavailable', message, undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}

/**
 * The caller, or 401. A session's state changes must be JSON: a cross-site form post cannot
 * send it without a CORS preflight, which this API never grants. (Cookie-carrying writes from
 * another origin never get here: refuseCrossSiteWrites answers them for every route.)
 */
export function requireApiUser(event: RequestEvent): AuthUser {
	const user = event.locals.user;
	if (!user) {
		throw new ApiError(401, 'unauthorized', 'Authentication required: send Authorization: Bearer <token>.');
	}
	if (event.locals.authVia === 'session' && !SAFE_METHODS.has(event.request.method)) {
		if (!isJson(event.request)) {
			throw new ApiError(403, 'cross_site', 'Cross-site requests must authenticate with an API token.');
		}
	}
	return user;
}

function isJson(request: Request): boolean {
	const type = request.headers.get('content-type') ?? '';
	return /^application\/json\s*(;|$)/i.test(type);
}

/**
 * Reads a JSON body: 415 for another type or a charset other than UTF-8, 413 when too large, 400
 * when it is not UTF-8 JSON or a string in it escapes half a surrogate pair (no character: it
 * could only be stored as U+FFFD, which is not what was sent).
 */
export async function readJsonBody(event: RequestEvent): Promise<unknown> {
	const { request } = event;
	if (!isJson(request)) {
		throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
	}
	const charset = foreignCharset(request.headers.get('content-type'));
	if (charset) throw new ApiError(415, 'unsupported_media_type', foreignCharsetMessage(charset, 'The JSON body'));
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > MAX_JSON_BYTES) throw tooLarge();
	const bytes = await readBounded(request);
	let text: string;
	try {
		// JSON is UTF-8 (RFC 8259): replacing what is not would store text nobody sent.
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ApiError(400, 'invalid_json', 'The request body is not valid UTF-8; send JSON encoded as UTF-8.');
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
	}
	const lone = loneSurrogatePath(body);
	if (lone !== null) {
		const message = `${lone} holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its partner), which is no character; send the text as it was typed.`;
		throw new ApiError(400, 'invalid_json', message, lone);
	}
	return body;
}

/** A JSON body that must be an object: what a verb takes as its input, for it to validate. */
export async function readJsonObject(event: RequestEvent): Promise<Record<string, unknown>> {
	const body = await readJsonBody(event);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ApiError(400, 'invalid', 'The request body must be a JSON object.', 'body');
	}
	return body as Record<string, unknown>;
}

function tooLarge(message = `The request body exceeds ${MAX_JSON_BYTES / 1024} KiB.`): ApiError {
	return new ApiError(413, 'payload_too_large', message);
}

async function readBounded(request: Request): Promise<Uint8Array> {
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read().catch((e: unknown) => {
			// adapter-node's BODY_SIZE_LIMIT fails the stream with its own 413: still a 413, not a 500.
			throw (e as { status?: unknown } | null)?.status === 413 ? tooLarge('The request body is too large for this server.') : e;
		});
		if (done) break;
		size += value.byteLength;
		if (size > MAX_JSON_BYTES) {
			// Not cancel(): that destroys the socket before the 413 is sent; Connection: close ends it.
			reader.releaseLock();
			throw tooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

/** A route's `fallback`: other methods get 405 in the API's JSON error shape. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
	const allow = allowed.join(', ');
	return ({ request }) => errorResponse(405, 'method_not_allowed', `${request.method} is not supported here; use ${allow}.`, undefined, { allow });
}

/** A route parameter that the `id` matcher has already checked. */
export function idParam(value: string | undefined): number {
	return Number(value);
}

/** A file the browser saves rather than shows: never cached, never sniffed into another type. */
export function downloadResponse(file: { body: BodyInit; contentType: string; filename: string }): Response {
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
