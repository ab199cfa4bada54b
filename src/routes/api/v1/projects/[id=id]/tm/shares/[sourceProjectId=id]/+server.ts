import { json } from '@sveltejs/kit';
import { apiHandler, idParam, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as shares from '$lib/server/tm/shares';
import { sharesJson } from '$lib/server/tm/json';

// PUT takes no body: the path says everything.
export const PUT = apiHandler(async (event) => {
	const { db, user, project } = await projectForApi(event);
	await shares.shareMemory(db, user, { projectId: project.id, sourceProjectId: idParam(event.params.sourceProjectId) });
	return json(sharesJson(await shares.listShares(db, project)));
});

export const DELETE = apiHandler(async (event) => {
	const { db, user, project } = await projectForApi(event);
	await shares.unshareMemory(db, user, { projectId: project.id, sourceProjectId: idParam(event.params.sourceProjectId) });
	return new Response(null, { status: 204 });
});

export const fallback = methodNotAllowed(['PUT', 'DELETE']);
