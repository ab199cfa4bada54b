import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { revisionListJson } from '$lib/server/http/json';
import { segmentForApi } from '$lib/server/http/access';
import * as revisions from '$lib/server/documents/revisions';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(revisionListJson(await revisions.listRevisions(db, segment)));
});

export const fallback = methodNotAllowed(['GET']);
