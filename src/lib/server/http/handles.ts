import type { Handle } from '@sveltejs/kit';
import { errorResponse, isApiRoute } from './api';
import { isCrossSiteWrite } from './origin';
import { withSecurityHeaders } from './headers';
import { isSecureRequest, SESSION_COOKIE } from '../auth/sessions';

// The hooks that guard every request, whatever its route.

/** Refuses a state change that another site's page makes with the visitor's session cookie. */
export const refuseCrossSiteWrites: Handle = ({ event, resolve }) => {
	if (!isCrossSiteWrite(event.request, event.url, event.cookies.get(SESSION_COOKIE) !== undefined)) return resolve(event);
	const message = 'Cross-site requests with a session cookie are refused; API clients authenticate with a token.';
	if (isApiRoute(event.route.id)) return errorResponse(403, 'cross_site', message);
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

/** Adds the security headers (framing, sniffing, referrer, caching, HSTS) to every answer. */
export const addSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return withSecurityHeaders(response, { authenticated: Boolean(event.locals.user), secure: isSecureRequest(event.url) });
};
