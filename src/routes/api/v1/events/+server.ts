import { apiHandler, methodNotAllowed, requireApiUser } from '$lib/server/http/api';
import * as live from '$lib/server/live/live';

/** The caller's own events (their bell), for pages that show no document. */
export const GET = apiHandler(async (event) => live.userEvents(requireApiUser(event)));

export const fallback = methodNotAllowed(['GET']);
