import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJson, requireApiUser } from '$lib/server/http/api';
import { projectJson } from '$lib/server/http/json';
import * as projects from '$lib/server/projects/projects';
import { projectInputSchema } from '$lib/validation';

export const GET = apiHandler(async (event) => {
	const user = requireApiUser(event);
	return json({ projects: (await projects.listProjectsForUser(user.id)).map(projectJson) });
});

export const POST = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const input = await readJson(event, projectInputSchema);
	const project = await projects.createProject(user.id, input);
	return json(projectJson({ ...project, role: 'owner', memberCount: 1 }), {
		status: 201,
		headers: { location: `/api/v1/projects/${project.id}` }
	});
});

export const fallback = methodNotAllowed(['GET', 'POST']);
