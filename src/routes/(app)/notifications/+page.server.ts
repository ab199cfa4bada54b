import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import { notificationJson, notificationTarget } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

// Opening this page marks nothing read: opening a notification does (a POST, since it changes
// state), or "Mark all read".
export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	return { notifications: (await notifications.listNotifications(db, user)).map(notificationJson) };
};

export const actions: Actions = {
	open: async (event) => {
		const { db, user } = pageCaller(event);
		let target;
		try {
			target = await notifications.openNotification(db, user, await formValues(event));
		} catch (e) {
			return failFrom(e, {});
		}
		redirect(303, notificationTarget(target));
	},
	readAll: async (event) => {
		const { db, user } = pageCaller(event);
		await notifications.markRead(db, user);
		return { message: 'All notifications marked read.' };
	}
};
