import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed, idParam, readJson, requireApiUser } from '$lib/server/api';
import { memberJson } from '$lib/server/api-shapes';
import * as projects from '$lib/server/projects';
import { memberInputSchema } from '$lib/validation';

async function memberProject(id: number, userId: number) {
	const project = await projects.findProjectForMember({ id }, userId);
	if (!project) throw new ApiError(404, 'not_found', 'No such project.');
	return project;
}

export const GET = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const project = await memberProject(idParam(event.params.id), user.id);
	return json({ members: (await projects.listMembers(project.id)).map(memberJson) });
});

export const POST = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const project = await memberProject(idParam(event.params.id), user.id);
	if (project.role !== 'owner') throw new ApiError(403, 'forbidden', 'Only project owners can add members.');
	const { email, role } = await readJson(event, memberInputSchema);
	return json(memberJson(await projects.addMember(project.id, email, role)), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
