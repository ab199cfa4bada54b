import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as revisions from '$lib/server/documents/revisions';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	const query = event.url.searchParams;
	return json(await revisions.diffRevisions(db, segment, { from: query.get('from'), to: query.get('to') }));
});

export const fallback = methodNotAllowed(['GET']);
