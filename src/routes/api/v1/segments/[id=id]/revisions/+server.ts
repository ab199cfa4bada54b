import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/api';
import { revisionJson } from '$lib/server/api-shapes';
import { segmentForApi } from '$lib/server/segment-api';
import * as revisions from '$lib/server/revisions';

export const GET = apiHandler(async (event) => {
	const { segment } = await segmentForApi(event);
	return json({ revisions: (await revisions.listRevisions(segment.id)).map(revisionJson) });
});

export const fallback = methodNotAllowed(['GET']);
