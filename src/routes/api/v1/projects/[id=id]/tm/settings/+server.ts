import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as tm from '$lib/server/tm/tm';
import { tmSettingsJson } from '$lib/server/tm/json';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(tmSettingsJson(await tm.tmSettings(db, project)));
});

export const PUT = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(tmSettingsJson(await tm.setTmSettings(db, project, await readJsonObject(event))));
});

export const fallback = methodNotAllowed(['GET', 'PUT']);
