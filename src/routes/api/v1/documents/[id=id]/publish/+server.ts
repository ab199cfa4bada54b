import { json } from '@sveltejs/kit';
import { publishRefusedJson, publishedJson } from '$lib/server/http/json';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as publications from '$lib/server/publishing/publications';

export const POST = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	try {
		const { version } = await publications.publishDocument(db, doc);
		return json(publishedJson(version, new URL(`/p/${doc.id}/v/${version}`, event.url).href), { status: 201 });
	} catch (e) {
		// The gate's answer names every reason, with the segments behind it.
		if (e instanceof publications.PublishRefused) {
			return json(publishRefusedJson(e.message, e.reasons), { status: 409 });
		}
		throw e;
	}
});

export const fallback = methodNotAllowed(['POST']);
