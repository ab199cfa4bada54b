import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, requireApiUser } from '$lib/server/http/api';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const queue = await review.reviewQueue(user.id);
	return json({ documents: queue.map((q) => ({ ...q, submittedAt: new Date(q.submittedAt).toISOString() })) });
});

export const fallback = methodNotAllowed(['GET']);
