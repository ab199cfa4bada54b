import { error } from '@sveltejs/kit';
import type { AuthUser } from '../auth/sessions';
import * as documents from '../documents/documents';

/** The document for a member of its project, reached through that project's slug; 404 otherwise. */
export async function requireDocumentMember(user: AuthUser, slug: string, documentId: number): Promise<documents.DocumentAccess> {
	const doc = await documents.findDocumentForMember(documentId, user.id);
	if (!doc || doc.project.slug !== slug) error(404, { message: 'Document not found.' });
	return doc;
}
