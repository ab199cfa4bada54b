import { json } from '@sveltejs/kit';
import { resolvedJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(resolvedJson(await comments.resolveThread(db, segment)));
});

export const fallback = methodNotAllowed(['POST']);
