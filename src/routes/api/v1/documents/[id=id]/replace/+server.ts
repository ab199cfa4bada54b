import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as replace from '$lib/server/documents/replace';

export const POST = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	// Without a preview the current revisions are the base: the page's `bases` are not part of the API.
	const { find, replace: replacement, caseSensitive, wholeWord } = await readJsonObject(event);
	return json(await replace.replaceAll(db, doc, { find, replace: replacement, caseSensitive, wholeWord }));
});

export const fallback = methodNotAllowed(['POST']);
