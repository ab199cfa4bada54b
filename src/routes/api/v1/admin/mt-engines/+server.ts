import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import * as engines from '$lib/server/mt/engines';
import { engineJson } from '$lib/server/mt/json';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json({ engines: (await engines.listEngines(db, user)).map(engineJson) });
});

export const POST = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json(engineJson(await engines.createEngine(db, user, await readJsonObject(event))), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
