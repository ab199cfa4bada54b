import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import * as worklists from '$lib/server/assignments/worklists';
import { workItemJson } from '$lib/server/assignments/json';
import { dayAt } from '$lib/assignments/due';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	// Only the user's own assignments, in projects they still belong to.
	const work = await worklists.myWork(db, user);
	return { today: dayAt(new Date()), work: work.map(workItemJson) };
};
