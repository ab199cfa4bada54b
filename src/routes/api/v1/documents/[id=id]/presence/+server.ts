import { json } from '@sveltejs/kit';
import { apiHandler, methodNotAllowed, readJsonObject } from '$lib/server/http/api';
import { documentForApi } from '$lib/server/http/access';
import * as presence from '$lib/server/live/presence';

export const POST = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	const { leaseSeconds, expiresAt } = await presence.heartbeat(db, doc, await readJsonObject(event));
	return json({ leaseSeconds, expiresAt: expiresAt.toISOString() });
});

export const DELETE = apiHandler(async (event) => {
	const { db, doc } = await documentForApi(event);
	await presence.leave(db, doc);
	return new Response(null, { status: 204 });
});

export const fallback = methodNotAllowed(['POST', 'DELETE']);
