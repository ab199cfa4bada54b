import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { historyJson } from '$lib/server/http/segment-json';
import { segmentForApi } from '$lib/server/http/access';
import * as revisions from '$lib/server/documents/revisions';
import * as confirmations from '$lib/server/documents/confirmations';

export const GET = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	const [list, confirmed] = await Promise.all([revisions.listRevisions(db, segment), confirmations.listConfirmations(db, segment)]);
	return json(historyJson(list, confirmed));
});

export const fallback = methodNotAllowed(['GET']);
