import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as revisions from '$lib/server/documents/revisions';

function revisionParam(url: URL, name: 'from' | 'to'): number {
	const raw = url.searchParams.get(name);
	const id = Number(raw);
	if (!raw || !Number.isInteger(id) || id <= 0 || id > 2_147_483_647) {
		throw new ApiError(400, 'invalid', `${name}: give a revision id, e.g. ?from=12&to=15.`, name);
	}
	return id;
}

export const GET = apiHandler(async (event) => {
	const { segment } = await segmentForApi(event);
	const from = revisionParam(event.url, 'from');
	const to = revisionParam(event.url, 'to');
	const diff = await revisions.diffRevisions(segment.id, from, to, segment.targetLang);
	return json({ from, to, ...diff });
});

export const fallback = methodNotAllowed(['GET']);
