import type { Cookies } from '@sveltejs/kit';
import type { Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { checkCredentials, credentialsSchema } from '../accounts/users';
import * as rateLimit from './rate-limit';
import { createSession, invalidateSession, isSecureRequest, sessionCookie, type AuthUser } from './sessions';

/**
 * Checks a login attempt from `address`: the user, or a DomainError to show (400 for a wrong or
 * malformed email or password, 403 for a disabled account, 429 while the rate limit is closed).
 */
export async function logIn(db: Database, input: Input<typeof credentialsSchema>, address: string): Promise<AuthUser> {
	const credentials = validate(credentialsSchema, input);
	const gate = await rateLimit.checkLoginAllowed(db, credentials.email, address);
	if (!gate.allowed) throw new DomainError('rate_limited', gate.message);
	const result = await checkCredentials(db, credentials);
	if (!result.ok) {
		if (result.reason === 'disabled') throw new DomainError('forbidden', 'This account has been disabled. Ask an administrator to enable it.');
		await rateLimit.recordLoginFailure(db, credentials.email, address);
		throw new DomainError('invalid', 'Wrong email or password.');
	}
	await rateLimit.clearLoginFailures(db, credentials.email);
	return result.user;
}

/** Starts a fresh session (a new id at every login) and sets its cookie. */
export async function startBrowserSession(userId: number, previousSessionId: string | null, cookies: Cookies, url: URL): Promise<void> {
	if (previousSessionId) await invalidateSession(previousSessionId);
	const { token, session } = await createSession(userId);
	const cookie = sessionCookie(token, session, isSecureRequest(url));
	cookies.set(cookie.name, cookie.value, cookie.attributes);
}

/**
 * Where to send the browser after logging in: `target` as a path of this site, else `fallback`.
 * It is read the way a browser reads a Location header (dropping tabs and newlines, taking a
 * backslash for a slash) and only its normalised form is sent: what the browser follows is what
 * was checked, and it is plain ASCII, which a header can carry.
 */
export function safeRedirectTarget(target: string | null, site: URL, fallback = '/projects'): string {
	if (!target) return fallback;
	let url: URL;
	try {
		url = new URL(target, site.origin);
	} catch {
		return fallback;
	}
	// "/.//evil.example" is a same-origin URL whose path, sent alone, names another host.
	if (url.origin !== site.origin || url.pathname.startsWith('//')) return fallback;
	return url.pathname + url.search + url.hash;
}
