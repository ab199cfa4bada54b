import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import { saveResponse } from '$lib/server/http/segment-api';
import * as revisions from '$lib/server/documents/revisions';

export const POST = apiHandler(async (event) => {
	const { db, segment } = await segmentForApi(event);
	return saveResponse(await revisions.restoreRevision(db, segment, await readJsonObject(event)));
});

export const fallback = methodNotAllowed(['POST']);
