import { json } from '@sveltejs/kit';
import { approvedJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(approvedJson(await review.approveSegment(db, segment, await readJsonObject(event))));
});

export const fallback = methodNotAllowed(['POST']);
