import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { listAudit } from '$lib/server/activity/audit';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const events = await listAudit(db, { documentId: doc.id }, { limit: 1000 });
	return json({
		events: events.map((e) => ({
			id: e.id,
			action: e.action,
			actor: e.actor,
			segmentId: e.segmentId,
			position: e.position,
			details: e.details,
			createdAt: e.createdAt.toISOString()
		}))
	});
});

export const fallback = methodNotAllowed(['GET']);
