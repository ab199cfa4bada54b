import type { RequestEvent } from '@sveltejs/kit';
import { blankSessionCookie, isSecureRequest, sessionCookie, SESSION_COOKIE, validateSessionToken } from './sessions';
import { authenticateApiToken } from './tokens';
import { isApiRoute } from '../http/api';

/**
 * Sets locals.user / locals.session from a bearer token or the session cookie. Only the JSON API
 * takes a token: pages and their form actions take the session cookie alone, so a leaked token
 * cannot reach the settings page (to mint tokens that outlive it), the admin page or anything
 * else a browser session can do.
 */
export async function authenticateRequest(event: RequestEvent): Promise<void> {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.authVia = null;

	const authorization = event.request.headers.get('authorization');
	if (authorization && isApiRoute(event.route.id)) {
		// A request that names a token is judged by that token alone, never by a cookie beside it.
		const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
		const user = match ? await authenticateApiToken(match[1]) : null;
		if (user) {
			event.locals.user = user;
			event.locals.authVia = 'token';
		}
		return;
	}

	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return;
	const secure = isSecureRequest(event.url);
	const validated = await validateSessionToken(token);
	if (!validated) {
		const blank = blankSessionCookie(secure);
		event.cookies.set(blank.name, blank.value, blank.attributes);
		return;
	}
	if (validated.refreshed) {
		const cookie = sessionCookie(token, validated.session, secure);
		event.cookies.set(cookie.name, cookie.value, cookie.attributes);
	}
	event.locals.user = validated.user;
	event.locals.session = validated.session;
	event.locals.authVia = 'session';
}
