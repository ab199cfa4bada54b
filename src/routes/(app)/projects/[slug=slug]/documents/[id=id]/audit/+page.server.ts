import type { PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import * as audit from '$lib/server/activity/audit';
import { documentHeader } from '$lib/server/review/header';

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	const [events, header] = await Promise.all([audit.listAudit(db, { documentId: doc.id }), documentHeader(db, doc)]);
	return {
		...header,
		events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))
	};
};
