import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth';
import { notificationJson } from '$lib/server/api-shapes';
import * as notifications from '$lib/server/notifications';

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
