import type { HandleServerError, RequestEvent } from '@sveltejs/kit';

// A client that goes away before it has sent its whole request (a closed tab, a lost network, a
// body cut off by REQUEST_TIMEOUT) is nothing the server can fix: one line at warning level,
// not an error with a stack trace for each.

/** Whether `error` is Node failing a request body because its connection closed (`Error: aborted`, ECONNRESET). */
export function isClientAbort(error: unknown): boolean {
	for (let e: unknown = error; e instanceof Error; e = e.cause) {
		if (e.message === 'aborted' && (e as NodeJS.ErrnoException).code === 'ECONNRESET') return true;
	}
	return false;
}

export function logClientAbort(event: Pick<RequestEvent, 'request' | 'url'>): void {
	console.warn(`${event.request.method} ${event.url.pathname}: the client closed the connection before sending the whole request`);
}

/** SvelteKit's handleError: a client abort as one warning line; anything else logged as SvelteKit's own handler does. */
export const handleServerError: HandleServerError = ({ error, event, status, message }) => {
	if (isClientAbort(error)) {
		logClientAbort(event);
		return { message: 'The request was not received in full.' };
	}
	const where = `[${status}] ${event.request.method} ${event.url.pathname}`;
	if (status === 404) console.error(where);
	else console.error(where, error);
	return { message };
};
