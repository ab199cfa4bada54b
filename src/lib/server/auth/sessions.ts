import { hash, verify } from '@node-rs/argon2';
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import { getDb } from '../db/db';
import { generateSecret, sha256Hex } from './secrets';
import type { UserRole } from '../db/schema.generated';

// lucia lives here and only here. The cookie carries a random token; the sessions table keys
// rows by its SHA-256, so lucia's "session id" is that digest and never leaves the server.

export interface AuthUser {
	id: number;
	email: string;
	name: string;
	role: UserRole;
}

export interface AuthSession {
	id: string;
	expiresAt: Date;
}

declare module 'lucia' {
	interface Register {
		Lucia: typeof lucia;
		UserId: number;
		DatabaseUserAttributes: Omit<AuthUser, 'id'>;
	}
}

const adapter: Adapter = {
	async getSessionAndUser(sessionId) {
		const row = await getDb()
			.selectFrom('sessions')
			.innerJoin('users', 'users.id', 'sessions.userId')
			.select(['sessions.id', 'sessions.expiresAt', 'sessions.userId', 'users.email', 'users.name', 'users.role'])
			.where('sessions.id', '=', sessionId)
			// A disabled account's sessions are deleted when it is disabled; this is the second lock.
			.where('users.disabledAt', 'is', null)
			.executeTakeFirst();
		if (!row) return [null, null];
		const session: DatabaseSession = { id: row.id, userId: row.userId, expiresAt: row.expiresAt, attributes: {} };
		const user: DatabaseUser = { id: row.userId, attributes: { email: row.email, name: row.name, role: row.role } };
		return [session, user];
	},
	async getUserSessions(userId) {
		const rows = await getDb().selectFrom('sessions').select(['id', 'userId', 'expiresAt']).where('userId', '=', userId).execute();
		return rows.map((r) => ({ ...r, attributes: {} }));
	},
	async setSession(session) {
		await getDb().insertInto('sessions').values({ id: session.id, userId: session.userId, expiresAt: session.expiresAt }).execute();
	},
	async updateSessionExpiration(sessionId, expiresAt) {
		await getDb().updateTable('sessions').set({ expiresAt }).where('id', '=', sessionId).execute();
	},
	async deleteSession(sessionId) {
		await getDb().deleteFrom('sessions').where('id', '=', sessionId).execute();
	},
	async deleteUserSessions(userId) {
		await getDb().deleteFrom('sessions').where('userId', '=', userId).execute();
	},
	async deleteExpiredSessions() {
		await getDb().deleteFrom('sessions').where('expiresAt', '<=', new Date()).execute();
	}
};

export const SESSION_COOKIE = 'rendition_session';

// lucia extends a session (sliding expiry) once half of this span has passed.
const lucia = new Lucia(adapter, {
	sessionExpiresIn: new TimeSpan(30, 'd'),
	sessionCookie: { name: SESSION_COOKIE, expires: true, attributes: { sameSite: 'lax', path: '/' } },
	getUserAttributes: (attributes) => attributes
});

export interface SessionCookie {
	name: string;
	value: string;
	attributes: {
		path: string;
		httpOnly: true;
		sameSite: 'lax';
		secure: boolean;
		expires?: Date;
		maxAge?: number;
	};
}

/** Secure whenever the site is served over https; plain http only works for local use. */
function cookieFor(value: string, secure: boolean, expires: Date | null): SessionCookie {
	const attributes: SessionCookie['attributes'] = { path: '/', httpOnly: true, sameSite: 'lax', secure };
	if (expires) attributes.expires = expires;
	else attributes.maxAge = 0;
	return { name: lucia.sessionCookieName, value, attributes };
}

export function sessionCookie(token: string, session: AuthSession, secure: boolean): SessionCookie {
	return cookieFor(token, secure, session.expiresAt);
}

export function blankSessionCookie(secure: boolean): SessionCookie {
	return cookieFor('', secure, null);
}

/** Starts a new session with a fresh random token; call at every login. */
export async function createSession(userId: number): Promise<{ token: string; session: AuthSession }> {
	const token = generateSecret();
	const session = await lucia.createSession(userId, {}, { sessionId: sha256Hex(token) });
	return { token, session: { id: session.id, expiresAt: session.expiresAt } };
}

export interface ValidatedSession {
	user: AuthUser;
	session: AuthSession;
	/** True when the expiry was just extended and the cookie must be sent again. */
	refreshed: boolean;
}

export async function validateSessionToken(token: string): Promise<ValidatedSession | null> {
	const { user, session } = await lucia.validateSession(sha256Hex(token));
	if (!user || !session) return null;
	return {
		user: { id: user.id, email: user.email, name: user.name, role: user.role },
		session: { id: session.id, expiresAt: session.expiresAt },
		refreshed: session.fresh
	};
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await lucia.invalidateSession(sessionId);
}

export async function invalidateUserSessions(userId: number): Promise<void> {
	await lucia.invalidateUserSessions(userId);
}

export async function deleteExpiredSessions(): Promise<void> {
	await lucia.deleteExpiredSessions();
}

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export async function hashPassword(password: string): Promise<string> {
	return hash(password); // the library's default algorithm is argon2id (asserted in auth.test.ts)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

export function isSecureRequest(url: URL): boolean {
	return url.protocol === 'https:';
}

/** For pages: the signed-in user, or a redirect to the login page that comes back here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): AuthUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return user;
}
