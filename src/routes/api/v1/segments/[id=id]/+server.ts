import { json } from '@sveltejs/kit';
import { apiHandler, idParam, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller, segmentForApi } from '$lib/server/http/access';
import { saveResponseWithQa, segmentBody } from '$lib/server/http/segment-api';
import { segmentNowJson } from '$lib/server/http/segment-json';
import * as segments from '$lib/server/documents/segments';
import * as confirmations from '$lib/server/documents/confirmations';

export const GET = apiHandler(async (event) => {
	const { segment } = await segmentForApi(event);
	return json({ segment: segmentNowJson(segments.segmentNow(segment)) });
});

export const PUT = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const body = await segmentBody(event);
	return saveResponseWithQa(db, await confirmations.saveSegment(db, { id: idParam(event.params.id), actor: user }, body));
});

export const fallback = methodNotAllowed(['GET', 'PUT']);
