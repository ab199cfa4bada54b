import type { LayoutServerLoad } from './$types';
import * as notifications from '$lib/server/activity/notifications';
import { visitor } from '$lib/server/http/access';

// Only what the shell needs; every page checks its own permissions.
export const load: LayoutServerLoad = async ({ locals, url }) => {
	// Reading the path makes this run on every navigation, so the bell's count catches up as one
	// moves around rather than only on a full page load.
	void url.pathname;
	return notifications.shellOf(visitor().db, locals.user);
};
