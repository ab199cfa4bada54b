import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { isDatabaseUnavailable, unavailableReason } from '../db/unavailable';
import { requireStarted } from '../startup';
import { RETRY_AFTER_SECONDS, unavailableApiResponse } from './api';

// While the database cannot be reached (restarting, not up yet at start-up), every request
// that needs it gets a quick 503 with Retry-After, in the shape its client reads: the API's
// JSON error, SvelteKit's action and data results, or a short page for a browser. The process
// stays up and serves again as soon as the database answers.

const PAGE_MESSAGE = 'Rendition cannot reach its database right now. Try again in a few seconds.';

// Requests whose load, action or endpoint failed for want of the database (marked by handleError).
const unavailableRequests = new WeakSet<App.Locals>();

/** The first handle: 503 while start-up waits for the database, or when a request fails for want of it. */
export const handleOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		await requireStarted();
		response = await resolve(event);
	} catch (e) {
		// Thrown by a later handle (authenticating the request), outside any load or endpoint.
		if (!isDatabaseUnavailable(e)) throw e;
		noteOutage(e);
		return unavailableResponse(event);
	}
	if (!unavailableRequests.has(event.locals) || response.status < 500) return response;
	// SvelteKit rendered the failure as a 500 (handleError cannot set the status): for a browser
	// the page below, which says what is going on; for scripts the same body as a 503.
	if (response.headers.get('content-type')?.startsWith('text/html')) return unavailableResponse(event);
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	return new Response(response.body, { status: 503, headers });
};

/** For handleError: the error to show when `error` is the database being unreachable (and the request then answers 503), else undefined. */
export function unavailableError(error: unknown, event: RequestEvent): App.Error | undefined {
	if (!isDatabaseUnavailable(error)) return undefined;
	unavailableRequests.add(event.locals);
	noteOutage(error);
	return { message: PAGE_MESSAGE, code: 'unavailable' };
}

function unavailableResponse(event: RequestEvent): Response {
	const retryAfter = { 'retry-after': String(RETRY_AFTER_SECONDS) };
	if (event.url.pathname.startsWith('/api/')) return unavailableApiResponse();
	const error = { message: PAGE_MESSAGE, code: 'unavailable' };
	// A form posted by use:enhance reads an action result; a client-side navigation reads the error.
	if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', error }, { status: 503, headers: retryAfter });
	if (event.isDataRequest || !acceptsHtml(event.request)) return json(error, { status: 503, headers: retryAfter });
	return new Response(UNAVAILABLE_PAGE, { status: 503, headers: { ...retryAfter, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

function acceptsHtml(request: Request): boolean {
	const accept = request.headers.get('accept');
	return !accept || /text\/html|\*\/\*/.test(accept);
}

// Written without the database or SvelteKit's renderer, so it has nothing to run; its few styles
// are inline (headers.ts gives a page without its own policy only frame-ancestors).
const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS * 2}">
<title>Temporarily unavailable · Rendition</title>
<style>
body { margin: 0; background: #f5f7f9; color: #1b1f24; font: 16px/1.5 system-ui, sans-serif; }
main { max-width: 34rem; margin: 12vh auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #d5dbe1; border-radius: 8px; }
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; }
p { margin: 0.5rem 0; }
.hint { color: #4b5560; font-size: 0.9rem; }
</style>
</head>
<body>
<main>
<h1>Temporarily unavailable</h1>
<p>${PAGE_MESSAGE}</p>
<p class="hint">This page reloads by itself every ${RETRY_AFTER_SECONDS * 2} seconds; nothing you saved before is lost.</p>
</main>
</body>
</html>
`;

let lastNoted = 0;
let unnoted = 0;

/** One log line every few seconds during an outage, not one stack trace per request. */
function noteOutage(e: unknown): void {
	const now = Date.now();
	if (now - lastNoted < 10_000) {
		unnoted++;
		return;
	}
	const more = unnoted ? ` (${unnoted} more since the last note)` : '';
	console.warn(`The database is not reachable (${unavailableReason(e)}): answering 503${more}.`);
	lastNoted = now;
	unnoted = 0;
}
