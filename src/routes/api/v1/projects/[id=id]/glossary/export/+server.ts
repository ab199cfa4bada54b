import { apiHandler, downloadResponse, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as files from '$lib/server/glossary/files';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const query = { format: event.url.searchParams.get('format'), version: event.url.searchParams.get('version') };
	const file = await files.exportGlossary(db, project, query);
	return downloadResponse(file);
});

export const fallback = methodNotAllowed(['GET']);
