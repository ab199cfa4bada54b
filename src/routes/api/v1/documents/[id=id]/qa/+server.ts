import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { documentQaJson } from '$lib/server/http/qa-json';
import * as qa from '$lib/server/qa/qa';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(documentQaJson(await qa.documentQa(db, doc)));
});

export const fallback = methodNotAllowed(['GET']);
