import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import { reviewQueueJson } from '$lib/server/http/json';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	return json(reviewQueueJson(await review.reviewQueue(db, user)));
});

export const fallback = methodNotAllowed(['GET']);
