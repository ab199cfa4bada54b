import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { commentJson } from '$lib/server/http/json';
import { segmentForApi } from '$lib/server/http/access';
import * as comments from '$lib/server/review/comments';
import { requireCan } from '$lib/server/permissions';

// The body's length and characters are checked by comments.addComment, for every caller.
const commentSchema = z.object({ body: z.string({ error: 'body must be the comment text.' }) });

export const GET = apiHandler(async (event) => {
	const { segment } = await segmentForApi(event);
	requireCan(segment.role, 'read');
	return json({ comments: (await comments.listComments(segment.id)).map(commentJson) });
});

export const POST = apiHandler(async (event) => {
	const { user, segment } = await segmentForApi(event);
	requireCan(segment.role, 'comment');
	const { body } = await readJson(event, commentSchema);
	return json(commentJson(await comments.addComment(segment, user.id, body)), { status: 201 });
});

export const fallback = methodNotAllowed(['GET', 'POST']);
