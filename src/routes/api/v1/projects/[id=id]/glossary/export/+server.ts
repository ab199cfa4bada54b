import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as files from '$lib/server/glossary/files';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const query = { format: event.url.searchParams.get('format'), version: event.url.searchParams.get('version') };
	const file = await files.exportGlossary(db, project, query);
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
});

export const fallback = methodNotAllowed(['GET']);
