import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson, requireApiUser } from '$lib/server/http/api';
import * as notifications from '$lib/server/activity/notifications';

const readSchema = z.object({
	ids: z
		.array(z.number({ error: 'ids must be notification ids (numbers).' }).int().positive().max(2_147_483_647), { error: 'ids must be a list of notification ids.' })
		.max(1000, 'Mark at most 1,000 notifications read at once.')
		.optional()
});

export const POST = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const { ids } = await readJson(event, readSchema);
	await notifications.markRead(user.id, ids);
	return json({ unread: await notifications.unreadCount(user.id) });
});

export const fallback = methodNotAllowed(['POST']);
