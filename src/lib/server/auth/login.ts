import type { Cookies } from '@sveltejs/kit';
import type { Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { checkCredentials, createUser, credentialsSchema } from '../accounts/users';
import { registrationSchema } from '../../validation';
import * as rateLimit from './rate-limit';
import * as devices from './devices';
import { createSession, invalidateSession, isSecureRequest, sessionCookie, type AuthUser } from './sessions';

/** Who logged in, and the device token their browser keeps from now on (./devices.ts). */
export interface Entry {
	user: AuthUser;
	deviceToken: string;
}

/**
 * Checks a login attempt from `client`: the user, or a DomainError to show (400 for a wrong or
 * malformed email or password, 403 for a disabled account, RateLimited while the throttle
 * holds this client back).
 */
export async function logIn(db: Database, input: Input<typeof credentialsSchema>, client: rateLimit.LoginClient): Promise<Entry> {
	const credentials = validate(credentialsSchema, input);
	const attempt = await rateLimit.beginLoginAttempt(db, credentials.email, client);
	const result = await checkCredentials(db, credentials);
	if (!result.ok) {
		if (result.reason === 'disabled') throw new DomainError('forbidden', 'This account has been disabled. Ask an administrator to enable it.');
		throw new DomainError('invalid', 'Wrong email or password.');
	}
	await rateLimit.loginSucceeded(db, attempt);
	return { user: result.user, deviceToken: await devices.rememberDevice(db, result.user.id, client.deviceToken, attempt.device !== null) };
}

/** Creates an account from the registration form, within the per-address limit. */
export async function register(db: Database, input: Input<typeof registrationSchema>, address: string): Promise<Entry> {
	// A mistyped form costs nothing of the allowance; an address already taken does.
	validate(registrationSchema, input);
	await rateLimit.countRegistration(db, address);
	const user = await createUser(db, input);
	return { user, deviceToken: await devices.rememberDevice(db, user.id, null, false) };
}

/** Starts a fresh session (a new id at every login) and sets its cookie and the device cookie. */
export async function startBrowserSession(entry: Entry, previousSessionId: string | null, cookies: Cookies, url: URL): Promise<void> {
	if (previousSessionId) await invalidateSession(previousSessionId);
	const { token, session } = await createSession(entry.user.id);
	for (const cookie of [sessionCookie(token, session, isSecureRequest(url)), devices.deviceCookie(entry.deviceToken, isSecureRequest(url))]) {
		cookies.set(cookie.name, cookie.value, cookie.attributes);
	}
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
