import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as pretranslation from '$lib/server/pretranslate/pretranslate';

export const POST = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const { jobId, created } = await pretranslation.pretranslate(db, doc);
	return json({ jobId, created }, { status: 202 });
});

export const fallback = methodNotAllowed(['POST']);
