import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { storableText } from '$lib/validation';
import * as review from '$lib/server/review/review';

const submitSchema = z.object({ note: z.string().overwrite(storableText).max(2000, 'Use at most 2,000 characters.').optional() });

export const POST = apiHandler(async (event) => {
	const { user, doc } = await documentForApi(event);
	// An empty body is a submission without a note.
	const body = event.request.headers.get('content-length') === '0' ? {} : await readJson(event, submitSchema);
	const result = await review.submitDocument(doc, user.id, body.note ?? '');
	return json(result, { status: 201 });
});

export const fallback = methodNotAllowed(['POST']);
