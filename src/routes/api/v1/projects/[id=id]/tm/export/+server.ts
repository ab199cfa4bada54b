import { apiHandler, downloadResponse, methodNotAllowed } from '$lib/server/http/api';
import { projectForApi } from '$lib/server/http/access';
import * as tmx from '$lib/server/tm/tmx-export';

export const GET = apiHandler(async (event) => {
	const { db, project } = await projectForApi(event);
	const file = tmx.exportTmx(db, project);
	return downloadResponse({ body: tmx.encodedStream(file.chunks), contentType: file.contentType, filename: file.filename });
});

export const fallback = methodNotAllowed(['GET']);
