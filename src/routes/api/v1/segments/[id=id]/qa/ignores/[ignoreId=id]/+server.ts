import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as ignores from '$lib/server/qa/ignores';

export const DELETE = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	const ignoreId = Number(event.params.ignoreId);
	await ignores.unignoreIssue(db, segment, { ignoreId });
	return json({ id: ignoreId, removed: true as const });
});

export const fallback = methodNotAllowed(['DELETE']);
