import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { segmentJson } from '$lib/server/http/json';
import { documentForApi } from '$lib/server/http/access';
import * as documents from '$lib/server/documents/documents';
import * as review from '$lib/server/review/review';

export const GET = apiHandler(async (event) => {
	const { doc } = await documentForApi(event);
	const [segments, status] = await Promise.all([documents.listSegments(doc.id), review.getDocumentState(doc.id)]);
	return json({
		id: doc.id,
		title: doc.title,
		state: status.state,
		round: status.round,
		format: doc.format,
		projectId: doc.project.id,
		sourceLang: doc.project.sourceLang,
		targetLang: doc.project.targetLang,
		createdAt: doc.createdAt.toISOString(),
		segments: segments.map(segmentJson)
	});
});

export const fallback = methodNotAllowed(['GET']);
