import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import * as review from '$lib/server/review/review';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// The queue only lists documents in projects where the user is an owner or reviewer.
	const queue = await review.reviewQueue(user.id);
	return {
		queue: queue.map((q) => ({ ...q, submittedAt: q.submittedAt.toISOString() }))
	};
};
