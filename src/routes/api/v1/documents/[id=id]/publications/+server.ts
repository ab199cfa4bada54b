import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { publicationListJson } from '$lib/server/http/json';
import * as publications from '$lib/server/publishing/publications';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(publicationListJson(await publications.listPublications(db, doc.id)));
});

export const fallback = methodNotAllowed(['GET']);
