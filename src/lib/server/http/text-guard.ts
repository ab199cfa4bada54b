import type { Handle, RequestEvent } from '@sveltejs/kit';
// SvelteKit's own encoding of an action's data, which use:enhance parses.
import { stringify } from 'devalue';
import { errorResponse } from './api';
import { foreignCharset, foreignCharsetMessage, mediaType, multipartRefusal, plainTextRefusal, urlEncodedRefusal, type TextRefusal } from './request-text';

// Refuses, before SvelteKit decodes them, the form posts and query strings whose text it could only
// decode by replacing what it cannot read with U+FFFD (see request-text.ts). JSON bodies are
// judged where the API reads them (readJsonBody), which answers in the API's own shapes.

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What SvelteKit takes for a form post (its `is_form_content_type`). */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

const isApi = (event: RequestEvent) => event.url.pathname.startsWith('/api/');

export const refuseUnreadableText: Handle = async ({ event, resolve }) => {
	const refusal = queryRefusal(event.url) ?? (await formRefusal(event));
	return refusal ? refused(event, refusal) : resolve(event);
};

function queryRefusal(url: URL): TextRefusal | null {
	// URL serialises the query as ASCII, with the bytes it was sent as %XX escapes.
	return url.search.length > 1 ? urlEncodedRefusal(Buffer.from(url.search.slice(1), 'latin1'), 'query') : null;
}

async function formRefusal(event: RequestEvent): Promise<TextRefusal | null> {
	const { request } = event;
	if (!BODY_METHODS.has(request.method) || isApi(event)) return null;
	const contentType = request.headers.get('content-type');
	const type = mediaType(contentType);
	if (!FORM_TYPES.has(type)) return null;
	const charset = foreignCharset(contentType);
	if (charset) return { message: foreignCharsetMessage(charset) };
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await request.clone().arrayBuffer());
	} catch {
		// Too large for this server, or cut off: SvelteKit's own reading of the body says so.
		return null;
	}
	if (type === 'multipart/form-data') return multipartRefusal(contentType!, bytes);
	return type === 'text/plain' ? plainTextRefusal(bytes) : urlEncodedRefusal(bytes);
}

/** A 400 in the form the caller reads: the API's JSON error, a form action's failure for use:enhance, or plain text. */
function refused(event: RequestEvent, refusal: TextRefusal): Response {
	if (isApi(event)) return errorResponse(400, 'invalid', refusal.message, refusal.field ?? 'query');
	if (event.request.headers.get('x-sveltekit-action') === 'true') {
		// What `failFrom` gives a page: the message, and beside its field when there is one.
		const data = {
			message: refusal.message,
			...(refusal.field ? { field: refusal.field } : {}),
			errors: refusal.field ? { [refusal.field]: refusal.message } : {},
			values: {}
		};
		return Response.json({ type: 'failure', status: 400, data: stringify(data) }, { status: 400 });
	}
	return new Response(`${refusal.message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
