import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as live from '$lib/server/live/live';

// text/event-stream. A browser's EventSource sends Last-Event-ID when it reconnects; a page that
// opens a new EventSource passes the cursor it was loaded with as ?lastEventId= instead.
export const GET = apiHandler(async (event) => {
	const { doc } = await documentForApi(event);
	return live.documentEvents(doc, event.request.headers.get('last-event-id') ?? event.url.searchParams.get('lastEventId'));
});

export const fallback = methodNotAllowed(['GET']);
