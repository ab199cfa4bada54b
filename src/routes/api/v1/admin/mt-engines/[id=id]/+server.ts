import { json } from '@sveltejs/kit';
import { apiHandler, idParam, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import * as engines from '$lib/server/mt/engines';
import { engineJson } from '$lib/server/mt/json';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json(engineJson(await engines.findEngine(db, user, { engineId: idParam(event.params.id) })));
});

export const PATCH = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const body = await readJsonObject(event);
	return json(engineJson(await engines.updateEngine(db, user, { ...body, engineId: idParam(event.params.id) })));
});

export const DELETE = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	await engines.deleteEngine(db, user, { engineId: idParam(event.params.id) });
	return new Response(null, { status: 204 });
});

export const fallback = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
