import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { commentJson, commentListJson } from '$lib/server/http/json';
import { segmentForApi } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(commentListJson(await comments.listComments(db, segment)));
});

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(commentJson(await comments.addComment(db, segment, await readJsonObject(event))), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
