import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as publications from '$lib/server/publishing/publications';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const list = await publications.listPublications(db, doc.id);
	return json({
		publications: list.map((p) => ({
			version: p.version,
			current: p.current,
			title: p.title,
			publishedBy: p.publishedBy,
			createdAt: p.createdAt.toISOString(),
			segments: p.segments.map((s) => ({ segmentId: s.segmentId, revisionId: s.revisionId }))
		}))
	});
});

export const fallback = methodNotAllowed(['GET']);
