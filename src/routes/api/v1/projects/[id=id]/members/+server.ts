import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { memberJson, memberListJson } from '$lib/server/http/json';
import * as projects from '$lib/server/projects/projects';
import { projectForApi } from '$lib/server/http/access';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(memberListJson(await projects.listMembers(db, project)));
});

export const POST = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(memberJson(await projects.addMember(db, project, await readJsonObject(event))), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
