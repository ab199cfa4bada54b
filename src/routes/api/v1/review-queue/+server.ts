import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const queue = await review.reviewQueue(db, user);
	return json({ documents: queue.map((q) => ({ ...q, submittedAt: new Date(q.submittedAt).toISOString() })) });
});

export const fallback = methodNotAllowed(['GET']);
