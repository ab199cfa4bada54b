import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as engines from '$lib/server/mt/engines';
import { engineChoiceJson } from '$lib/server/mt/json';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const { current, engines: available } = await engines.projectEngineChoice(db, project);
	return json({ engine: engineChoiceJson(current), engines: available.map(engineChoiceJson) });
});

export const PUT = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const { engine } = await engines.setProjectEngine(db, project, await readJsonObject(event));
	return json({ engine: engineChoiceJson(engine) });
});

export const fallback = methodNotAllowed(['GET', 'PUT']);
