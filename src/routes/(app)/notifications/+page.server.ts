import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { notificationJson } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

// Opening this page marks nothing read: following a notification does (./[id]), or "Mark all read".
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { notifications: (await notifications.listNotifications(user.id)).map(notificationJson) };
};

export const actions: Actions = {
	readAll: async (event) => {
		const user = requireUser(event);
		await notifications.markRead(user.id);
		return { message: 'All notifications marked read.' };
	}
};
