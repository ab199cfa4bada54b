import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as assignments from '$lib/server/assignments/assignments';
import { assignmentJson } from '$lib/server/assignments/json';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(assignmentJson(await assignments.getAssignment(db, doc)));
});

export const PUT = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(assignmentJson(await assignments.setAssignment(db, doc, await readJsonObject(event))));
});

export const fallback = methodNotAllowed(['GET', 'PUT']);
