import { apiHandler, idParam, methodNotAllowed } from '$lib/server/http/api';
import { apiCaller } from '$lib/server/http/access';
import { saveResponse, segmentBody } from '$lib/server/http/segment-api';
import * as segments from '$lib/server/documents/segments';

export const PUT = apiHandler(async (event) => {
	const { db, user } = apiCaller(event);
	const body = await segmentBody(event);
	return saveResponse(await segments.saveSegment(db, { id: idParam(event.params.id), actor: user }, body));
});

export const fallback = methodNotAllowed(['PUT']);
