import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as tm from '$lib/server/tm/tm';
import { matchesJson } from '$lib/server/tm/json';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(matchesJson(await tm.segmentMatches(db, segment)));
});

export const fallback = methodNotAllowed(['GET']);
