import { json } from '@sveltejs/kit';
import { unreadJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import * as notifications from '$lib/server/activity/notifications';

export const POST = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	await notifications.markRead(db, user, await readJsonObject(event));
	return json(unreadJson(await notifications.unreadCount(db, user)));
});

export const fallback = methodNotAllowed(['POST']);
