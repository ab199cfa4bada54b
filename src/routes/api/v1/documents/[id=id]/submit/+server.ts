import { json } from '@sveltejs/kit';
import { submittedJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

export const POST = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	// An empty body is a submission without a note.
	const input = event.request.headers.get('content-length') === '0' ? {} : await readJsonObject(event);
	return json(submittedJson(await review.submitDocument(db, doc, input)), { status: 201 });
});

export const fallback = methodNotAllowed(['POST']);
