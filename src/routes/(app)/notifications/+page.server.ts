import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import { notificationJson } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

// Opening this page marks nothing read: following a notification does (./[id]), or "Mark all read".
export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	return { notifications: (await notifications.listNotifications(db, user)).map(notificationJson) };
};

export const actions: Actions = {
	readAll: async (event) => {
		const { db, user } = pageCaller(event);
		await notifications.markRead(db, user);
		return { message: 'All notifications marked read.' };
	}
};
