import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import { createdDocumentJson, documentListJson } from '$lib/server/http/json';
import * as documents from '$lib/server/documents/documents';
import { readApiImport } from '$lib/import/input';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	return json(documentListJson(await documents.listDocuments(db, project.id)));
});

export const POST = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const read = readApiImport(await readJsonObject(event));
	if (!read.ok) throw new ApiError(read.status, read.code, read.message, read.field);
	const created = await documents.createDocument(db, project, read.input);
	return json(createdDocumentJson(created), { status: 201, headers: { location: `/api/v1/documents/${created.id}` } });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
