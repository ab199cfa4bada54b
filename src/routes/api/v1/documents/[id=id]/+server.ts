import { json } from '@sveltejs/kit';
import { ApiError, apiHandler, idParam, methodNotAllowed, requireApiUser } from '$lib/server/api';
import { segmentJson } from '$lib/server/api-shapes';
import * as documents from '$lib/server/documents';

export const GET = apiHandler(async (event) => {
	const user = requireApiUser(event);
	const doc = await documents.findDocumentForMember(idParam(event.params.id), user.id);
	if (!doc) throw new ApiError(404, 'not_found', 'No such document.');
	const segments = await documents.listSegments(doc.id);
	return json({
		id: doc.id,
		title: doc.title,
		format: doc.format,
		projectId: doc.project.id,
		sourceLang: doc.project.sourceLang,
		targetLang: doc.project.targetLang,
		createdAt: doc.createdAt.toISOString(),
		segments: segments.map(segmentJson)
	});
});

export const fallback = methodNotAllowed(['GET']);
