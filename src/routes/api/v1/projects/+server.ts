import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import { projectJson, projectListJson } from '$lib/server/http/json';
import * as projects from '$lib/server/projects/projects';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json(projectListJson(await projects.listProjectsForUser(db, user)));
});

export const POST = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const project = await projects.createProject(db, user, await readJsonObject(event));
	return json(projectJson(project), { status: 201, headers: { location: `/api/v1/projects/${project.id}` } });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
