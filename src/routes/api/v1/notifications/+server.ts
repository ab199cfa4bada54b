import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import { notificationListJson } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

export const GET = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const [unread, list] = await Promise.all([notifications.unreadCount(db, user), notifications.listNotifications(db, user)]);
	return json(notificationListJson(unread, list));
});

export const fallback = methodNotAllowed(['GET']);
