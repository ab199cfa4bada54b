import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as shares from '$lib/server/tm/shares';
import { sharesJson } from '$lib/server/tm/json';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(sharesJson(await shares.listShares(db, project)));
});

export const fallback = methodNotAllowed(['GET']);
