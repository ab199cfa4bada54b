import { json } from '@sveltejs/kit';
import type * as revisions from '../documents/revisions';

/** The 409 a save or restore answers when the segment moved on: what is current now, and by whom. */
export function conflictResponse(current: revisions.CurrentVersion, message: string): Response {
	return json(
		{ error: { code: 'conflict', message }, current: { ...current, createdAt: current.createdAt?.toISOString() ?? null } },
		{ status: 409 }
	);
}
