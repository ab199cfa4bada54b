import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as tm from '$lib/server/tm/tm';
import { concordanceJson } from '$lib/server/tm/json';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(concordanceJson(await tm.searchMemory(db, project, { q: event.url.searchParams.get('q') ?? undefined })));
});

export const fallback = methodNotAllowed(['GET']);
