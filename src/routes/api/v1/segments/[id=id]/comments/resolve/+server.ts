import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';
import { requireCan } from '$lib/server/permissions';

export const POST = apiHandler(async (event) => {
	const { user, segment } = await segmentForApi(event);
	requireCan(segment.role, 'comment');
	return json({ resolved: await comments.resolveThread(segment, user.id) });
});

export const fallback = methodNotAllowed(['POST']);
