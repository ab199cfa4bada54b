import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import { confirmedJson, conflictJson } from '$lib/server/http/segment-json';
import * as confirmations from '$lib/server/documents/confirmations';

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	const outcome = await confirmations.confirmSegment(db, segment, await readJsonObject(event));
	return outcome.ok ? json(confirmedJson(outcome)) : json(conflictJson(outcome), { status: 409 });
});

export const fallback = methodNotAllowed(['POST']);
