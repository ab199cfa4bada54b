import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth';
import { requireDocumentMember } from '$lib/server/document-access';
import * as audit from '$lib/server/audit';
import { reviewHeader } from '$lib/server/review-pages';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const doc = await requireDocumentMember(user, event.params.slug, Number(event.params.id));
	const [events, header] = await Promise.all([audit.listAudit({ documentId: doc.id }), reviewHeader(doc)]);
	return {
		document: { id: doc.id, title: doc.title },
		project: { slug: doc.project.slug, name: doc.project.name, sourceLang: doc.project.sourceLang, targetLang: doc.project.targetLang },
		role: doc.role,
		review: header,
		events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))
	};
};
