import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { memberJson } from '$lib/server/http/json';
import * as projects from '$lib/server/projects/projects';
import { projectForApi } from '$lib/server/http/access';
import { memberInputSchema } from '$lib/validation';

export const GET = apiHandler(async (event) => {
	const { project } = await projectForApi(event);
	return json({ members: (await projects.listMembers(project.id)).map(memberJson) });
});

export const POST = apiHandler(async (event) => {
	const { user, project } = await projectForApi(event);
	if (project.role !== 'owner') throw new ApiError(403, 'forbidden', 'Only project owners can add members.');
	const { email, role } = await readJson(event, memberInputSchema);
	return json(memberJson(await projects.addMember(project.id, email, role, user.id)), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
