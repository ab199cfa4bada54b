import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth';
import { requireDocumentMember } from '$lib/server/document-access';
import * as audit from '$lib/server/audit';
import { documentHeader } from '$lib/server/review-pages';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const doc = await requireDocumentMember(user, event.params.slug, Number(event.params.id));
	const [events, header] = await Promise.all([audit.listAudit({ documentId: doc.id }), documentHeader(doc)]);
	return {
		...header,
		events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))
	};
};
