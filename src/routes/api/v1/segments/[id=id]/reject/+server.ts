import { json } from '@sveltejs/kit';
import { rejectedJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return json(rejectedJson(await review.rejectSegment(db, segment, await readJsonObject(event))));
});

export const fallback = methodNotAllowed(['POST']);
