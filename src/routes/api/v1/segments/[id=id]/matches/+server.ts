import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as matches from '$lib/server/mt/matches';
import { allMatchesJson } from '$lib/server/mt/json';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(allMatchesJson(await matches.allMatches(db, segment, { only: event.url.searchParams.get('only') })));
});

export const fallback = methodNotAllowed(['GET']);
