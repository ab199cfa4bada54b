import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import { qaSeveritiesJson } from '$lib/server/http/qa-json';
import * as settings from '$lib/server/qa/settings';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(qaSeveritiesJson(await settings.qaLevels(db, project), settings.ALL_CHECKS));
});

export const PUT = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(qaSeveritiesJson(await settings.setQaSeverities(db, project, await readJsonObject(event)), settings.ALL_CHECKS));
});

export const fallback = methodNotAllowed(['GET', 'PUT']);
