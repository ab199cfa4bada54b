import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, idParam, requireApiUser } from './api';
import * as documents from '../documents/documents';
import type { AuthUser } from '../auth/sessions';

/** The caller and the document named by the route's id; 404 for non-members, as everywhere. */
export async function documentForApi(event: RequestEvent): Promise<{ user: AuthUser; doc: documents.DocumentAccess }> {
	const user = requireApiUser(event);
	const doc = await documents.findDocumentForMember(idParam(event.params.id), user.id);
	if (!doc) throw new ApiError(404, 'not_found', 'No such document.');
	return { user, doc };
}
