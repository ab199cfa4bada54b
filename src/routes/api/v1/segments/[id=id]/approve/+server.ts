import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import * as review from '$lib/server/review/review';

const approveSchema = z.object({ revisionId: z.number({ error: 'revisionId must be the id of the revision you approve.' }).int().positive() });

export const POST = apiHandler(async (event) => {
	const { user, segment } = await segmentForApi(event);
	const body = await readJson(event, approveSchema);
	return json(await review.approveSegment(segment, user.id, body.revisionId));
});

export const fallback = methodNotAllowed(['POST']);
