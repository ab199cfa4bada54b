import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, requireApiUser } from '$lib/server/http/api';
import { notificationJson } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

export const GET = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const [unread, list] = await Promise.all([notifications.unreadCount(user.id), notifications.listNotifications(user.id)]);
	return json({ unread, notifications: list.map(notificationJson) });
});

export const fallback = methodNotAllowed(['GET']);
