import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { pageCaller } from '$lib/server/http/access';
import { idParam } from '$lib/server/http/api';
import { notificationTarget } from '$lib/server/http/json';
import * as notifications from '$lib/server/activity/notifications';

// Following a notification marks it read and leads on to what it is about. A plain link, so it
// works before the page's script has loaded, in a new tab, and without script at all.
export const GET: RequestHandler = async (event) => {
	const { db, user } = pageCaller(event);
	const target = await notifications.openNotification(db, user, idParam(event.params.id));
	if (!target) error(404, { message: 'No such notification.' });
	redirect(303, notificationTarget(target));
};
