import { json } from '@sveltejs/kit';
import { apiHandler, idParam, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as entries from '$lib/server/glossary/entries';
import { entryJson } from '$lib/server/glossary/json';

export const PATCH = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const body = await readJsonObject(event);
	return json(entryJson(await entries.updateEntry(db, project, { ...body, entryId: idParam(event.params.entryId) })));
});

export const DELETE = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	await entries.deleteEntry(db, project, { entryId: idParam(event.params.entryId) });
	return new Response(null, { status: 204 });
});

export const fallback = methodNotAllowed(['PATCH', 'DELETE']);
