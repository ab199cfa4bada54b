import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import { qaIgnoreJson } from '$lib/server/http/qa-json';
import * as ignores from '$lib/server/qa/ignores';

// 200 either way: ignoring what is already ignored changes nothing, and says so (`created`).
export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	const { ignore, created } = await ignores.ignoreIssue(db, segment, await readJsonObject(event));
	return json({ ...qaIgnoreJson(ignore), created });
});

export const fallback = methodNotAllowed(['POST']);
