import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as documents from '$lib/server/documents/documents';
import { can } from '$lib/server/permissions';
import { documentApiSchema, parseApiDocument } from '$lib/server/documents/input';

export const GET = apiHandler(async (event) => {
	const { project } = await projectForApi(event);
	const list = await documents.listDocuments(project.id);
	return json({
		documents: list.map((d) => ({
			id: d.id,
			title: d.title,
			format: d.format,
			segments: d.segmentCount,
			edited: d.editedCount,
			createdAt: d.createdAt.toISOString(),
			createdBy: d.createdBy
		}))
	});
});

export const POST = apiHandler(async (event) => {
	const { user, project } = await projectForApi(event);
	if (!can(project.role, 'import')) throw new ApiError(403, 'forbidden', 'Only owners and translators can import documents.');
	const input = parseApiDocument(await readJson(event, documentApiSchema));
	const created = await documents.createDocument(project.id, user.id, input);
	return json(created, { status: 201, headers: { location: `/api/v1/documents/${created.id}` } });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
