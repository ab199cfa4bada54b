import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { apiHandler, methodNotAllowed, readJson } from '$lib/server/http/api';
import { segmentForApi } from '$lib/server/http/access';
import { conflictResponse } from '$lib/server/http/segment-api';
import { requireCan } from '$lib/server/permissions';
import * as revisions from '$lib/server/documents/revisions';

const restoreSchema = z.object({
	revisionId: z.number({ error: 'revisionId must be the id of the revision to restore.' }).int().positive(),
	baseRevisionId: z.number({ error: 'baseRevisionId must be the current revision id, or null.' }).int().positive().nullable()
});

export const POST = apiHandler(async (event) => {
	const { user, segment } = await segmentForApi(event);
	requireCan(segment.role, 'translate');
	const body = await readJson(event, restoreSchema);
	const result = await revisions.restoreRevision({
		segmentId: segment.id,
		revisionId: body.revisionId,
		authorId: user.id,
		baseRevisionId: body.baseRevisionId,
		locale: segment.targetLang
	});
	if (!result.ok) return conflictResponse(result.current, 'The segment changed since you opened its history. Reload it and restore again.');
	return json({ revisionId: result.revisionId, state: result.state, unchanged: result.unchanged });
});

export const fallback = methodNotAllowed(['POST']);
