import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { blankSessionCookie, invalidateSession, isSecureRequest } from '$lib/server/auth/sessions';

// POST only: a link or an image on another site must not be able to log people out.
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	// Ends the session on the server, not only in this browser.
	if (locals.session) await invalidateSession(locals.session.id);
	const blank = blankSessionCookie(isSecureRequest(url));
	cookies.set(blank.name, blank.value, blank.attributes);
	redirect(303, '/login');
};
