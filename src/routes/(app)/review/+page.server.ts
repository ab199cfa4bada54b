import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	// The queue only lists documents in projects where the user may review.
	const queue = await review.reviewQueue(db, user);
	return {
		queue: queue.map((q) => ({ ...q, submittedAt: q.submittedAt.toISOString() }))
	};
};
