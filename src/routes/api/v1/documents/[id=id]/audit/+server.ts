import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import { auditListJson } from '$lib/server/http/json';
import { listAudit } from '$lib/server/activity/audit';

export const GET = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	return json(auditListJson(await listAudit(db, { documentId: doc.id }, { limit: 1000 })));
});

export const fallback = methodNotAllowed(['GET']);
