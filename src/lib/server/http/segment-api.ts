import { json, type RequestEvent } from '@sveltejs/kit';
import { ApiError, idParam, requireApiUser } from './api';
import * as revisions from '../documents/revisions';
import type { AuthUser } from '../auth/sessions';

/** The caller and the segment they may read; 404 for non-members, as everywhere. */
export async function segmentForApi(event: RequestEvent): Promise<{ user: AuthUser; segment: revisions.SegmentAccess }> {
	const user = requireApiUser(event);
	const segment = await revisions.findSegmentForMember(idParam(event.params.id), user.id);
	if (!segment) throw new ApiError(404, 'not_found', 'No such segment.');
	return { user, segment };
}

/** The 409 a save or restore answers when the segment moved on: what is current now, and by whom. */
export function conflictResponse(current: revisions.CurrentVersion, message: string): Response {
	return json(
		{ error: { code: 'conflict', message }, current: { ...current, createdAt: current.createdAt?.toISOString() ?? null } },
		{ status: 409 }
	);
}
