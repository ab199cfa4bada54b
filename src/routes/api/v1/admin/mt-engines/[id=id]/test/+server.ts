import { json } from '@sveltejs/kit';
import { apiHandler, idParam, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import * as mt from '$lib/server/mt/suggest';
import { engineTestJson } from '$lib/server/mt/json';

export const POST = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json(engineTestJson(await mt.testEngine(db, user, { engineId: idParam(event.params.id) })));
});

export const fallback = methodNotAllowed(['POST']);
