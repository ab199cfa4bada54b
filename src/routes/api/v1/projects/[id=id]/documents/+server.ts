import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as documents from '$lib/server/documents/documents';
import { readApiImport } from '$lib/import/input';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const list = await documents.listDocuments(db, project.id);
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
	const { db, project } = await projectForApi(event);
	const read = readApiImport(await readJsonObject(event));
	if (!read.ok) throw new ApiError(read.status, read.code, read.message, read.field);
	const created = await documents.createDocument(db, project, read.input);
	return json(created, { status: 201, headers: { location: `/api/v1/documents/${created.id}` } });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
