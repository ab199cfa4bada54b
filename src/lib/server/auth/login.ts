import type { Cookies } from '@sveltejs/kit';
import { createSession, invalidateSession, isSecureRequest, sessionCookie } from './sessions';

/** Starts a fresh session (a new id at every login) and sets its cookie. */
export async function startBrowserSession(
	userId: number,
	previousSessionId: string | null,
	cookies: Cookies,
	url: URL
): Promise<void> {
	if (previousSessionId) await invalidateSession(previousSessionId);
	const { token, session } = await createSession(userId);
	const cookie = sessionCookie(token, session, isSecureRequest(url));
	cookies.set(cookie.name, cookie.value, cookie.attributes);
}

/** Only same-site paths, so a crafted link cannot bounce a fresh login to another site. */
export function safeRedirectTarget(target: string | null, fallback = '/projects'): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
	return target;
}
