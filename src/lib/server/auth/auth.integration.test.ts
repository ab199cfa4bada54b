import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { useTestServer } from '../testing/http';
import * as auth from './sessions';
import * as projects from '../projects/projects';
import * as users from '../accounts/users';
import { DomainError } from '../errors';
import { passwordSchema } from '../../validation';
import { getDb } from '../db/db';

// Sessions, roles and login limits against a real database (PGlite, or Postgres with
// TEST_DATABASE_URL), and the login form's cookie over real HTTP.

const database = useTestDatabase();
const db = () => database.handle().db;

const PASSWORD = 'correct horse battery';
let serial = 0;
/** A user with an address no other test uses. */
const newUser = (role?: 'admin' | 'user') =>
	users.createUser(getDb(), { email: `user${++serial}@auth.test`, name: `User ${serial}`, password: PASSWORD }, { role });

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sessionIds = async (userId: number) => (await db().selectFrom('sessions').select('id').where('userId', '=', userId).execute()).map((r) => r.id);
const DAY = 24 * 60 * 60 * 1000;

describe('sessions', () => {
	it('store only the SHA-256 of the cookie token', async () => {
		const user = await newUser();
		const { token, session } = await auth.createSession(user.id);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
		expect(await sessionIds(user.id)).toEqual([sha256(token)]);
		expect(session.id).toBe(sha256(token));
		expect(session.id).not.toBe(token);
	});

	it('get a new id and token at every createSession', async () => {
		const user = await newUser();
		const a = await auth.createSession(user.id);
		const b = await auth.createSession(user.id);
		expect(b.token).not.toBe(a.token);
		expect(b.session.id).not.toBe(a.session.id);
		expect((await sessionIds(user.id)).sort()).toEqual([a.session.id, b.session.id].sort());
	});

	it('validate by token, not by the stored id', async () => {
		const user = await newUser();
		const { token, session } = await auth.createSession(user.id);
		const valid = await auth.validateSessionToken(token);
		expect(valid).toMatchObject({ user: { id: user.id, email: user.email, role: user.role }, refreshed: false });
		// A leaked sessions table is no use: its ids are not tokens.
		expect(await auth.validateSessionToken(session.id)).toBeNull();
	});

	it('last 30 days', async () => {
		const user = await newUser();
		const { session } = await auth.createSession(user.id);
		expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(30 * DAY - 60_000);
		expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * DAY);
	});

	it('end with invalidateSession, leaving the user’s other sessions', async () => {
		const user = await newUser();
		const ended = await auth.createSession(user.id);
		const other = await auth.createSession(user.id);
		await auth.invalidateSession(ended.session.id);
		expect(await auth.validateSessionToken(ended.token)).toBeNull();
		expect(await auth.validateSessionToken(other.token)).not.toBeNull();
		expect(await sessionIds(user.id)).toEqual([other.session.id]);
	});

	it('all end when the user is disabled', async () => {
		const admin = await newUser('admin');
		const user = await newUser();
		const tokens = [(await auth.createSession(user.id)).token, (await auth.createSession(user.id)).token];
		const bystander = await auth.createSession(admin.id);
		await users.disableUser(getDb(), admin, { userId: user.id });
		expect(await sessionIds(user.id)).toEqual([]);
		for (const token of tokens) expect(await auth.validateSessionToken(token)).toBeNull();
		expect(await auth.validateSessionToken(bystander.token)).not.toBeNull();
		// Second lock: a session row that somehow exists for a disabled account is still refused.
		const late = await auth.createSession(user.id);
		expect(await auth.validateSessionToken(late.token)).toBeNull();
	});

	it('slide: one with under 15 days left is extended to 30 days and reported refreshed', async () => {
		const user = await newUser();
		const { token, session } = await auth.createSession(user.id);
		const setExpiry = (days: number) => sql`update sessions set expires_at = now() + make_interval(days => ${days}) where id = ${session.id}`.execute(db());

		await setExpiry(16);
		const untouched = await auth.validateSessionToken(token);
		expect(untouched?.refreshed).toBe(false);
		expect(untouched!.session.expiresAt.getTime() - Date.now()).toBeLessThan(16 * DAY + 60_000);

		await setExpiry(14);
		const extended = await auth.validateSessionToken(token);
		expect(extended?.refreshed).toBe(true);
		expect(extended!.session.expiresAt.getTime() - Date.now()).toBeGreaterThan(30 * DAY - 60_000);
		const stored = await db().selectFrom('sessions').select('expiresAt').where('id', '=', session.id).executeTakeFirstOrThrow();
		expect(Math.abs(stored.expiresAt.getTime() - extended!.session.expiresAt.getTime())).toBeLessThan(1000);

		expect((await auth.validateSessionToken(token))?.refreshed).toBe(false);
	});

	it('are refused and removed once expired', async () => {
		const user = await newUser();
		const { token, session } = await auth.createSession(user.id);
		await sql`update sessions set expires_at = now() - interval '1 second' where id = ${session.id}`.execute(db());
		expect(await auth.validateSessionToken(token)).toBeNull();
		expect(await sessionIds(user.id)).toEqual([]);
	});
});

describe('session cookie', () => {
	const session = { id: 'x', expiresAt: new Date(Date.now() + 30 * DAY) };

	it('is HttpOnly, SameSite=Lax, Path=/ with the session’s expiry, and Secure over https', () => {
		expect(auth.sessionCookie('tok', session, true)).toEqual({
			name: auth.SESSION_COOKIE,
			value: 'tok',
			attributes: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, expires: session.expiresAt }
		});
		expect(auth.SESSION_COOKIE).toBe('rendition_session');
	});

	it('is not Secure over plain http (local use)', () => {
		expect(auth.sessionCookie('tok', session, false).attributes.secure).toBe(false);
	});

	it('blank version expires at once', () => {
		const blank = auth.blankSessionCookie(true);
		expect(blank).toMatchObject({ value: '', attributes: { maxAge: 0, httpOnly: true, secure: true, path: '/' } });
		expect(blank.attributes.expires).toBeUndefined();
	});
});

describe('global roles', () => {
	// These need an empty users table; other tests create their own users again.
	beforeEach(async () => {
		await db().deleteFrom('users').execute();
	});

	const everyone = () => db().selectFrom('users').select(['id', 'role']).execute();
	const roleOf = async (id: number) => (await everyone()).find((u) => u.id === id)?.role;

	it('make the first registered user admin and later ones users', async () => {
		const first = await users.createUser(getDb(), { email: 'first@auth.test', name: 'First', password: PASSWORD });
		const second = await users.createUser(getDb(), { email: 'second@auth.test', name: 'Second', password: PASSWORD });
		const third = await users.createUser(getDb(), { email: 'third@auth.test', name: 'Third', password: PASSWORD });
		expect([first.role, second.role, third.role]).toEqual(['admin', 'user', 'user']);
	});

	it('give exactly one admin when five register at once', async () => {
		const created = await Promise.all(
			[1, 2, 3, 4, 5].map((n) => users.createUser(getDb(), { email: `racer${n}@auth.test`, name: `Racer ${n}`, password: PASSWORD }))
		);
		expect(created.filter((u) => u.role === 'admin')).toHaveLength(1);
		const stored = await everyone();
		expect(stored).toHaveLength(5);
		expect(stored.filter((u) => u.role === 'admin')).toHaveLength(1);
	});

	it('refuse a second account with the same email in any case', async () => {
		await users.createUser(getDb(), { email: 'Case@auth.test', name: 'Case', password: PASSWORD });
		const again = users.createUser(getDb(), { email: 'case@AUTH.test', name: 'Case again', password: PASSWORD });
		await expect(again).rejects.toBeInstanceOf(DomainError);
		await expect(again).rejects.toMatchObject({ code: 'conflict', field: 'email' });
	});

	it('never demote the last active admin', async () => {
		const admin = await newUser();
		const other = await newUser();
		expect(admin.role).toBe('admin');
		const demote = users.setUserRole(getDb(), admin, { userId: admin.id, role: 'user' });
		await expect(demote).rejects.toBeInstanceOf(DomainError);
		await expect(demote).rejects.toMatchObject({ code: 'conflict' });
		expect(await roleOf(admin.id)).toBe('admin');

		// A disabled admin does not count as another administrator.
		await users.setUserRole(getDb(), admin, { userId: other.id, role: 'admin' });
		await users.disableUser(getDb(), admin, { userId: other.id });
		await expect(users.setUserRole(getDb(), admin, { userId: admin.id, role: 'user' })).rejects.toMatchObject({ code: 'conflict' });

		await users.enableUser(getDb(), admin, { userId: other.id });
		await users.setUserRole(getDb(), admin, { userId: admin.id, role: 'user' });
		expect(await roleOf(admin.id)).toBe('user');
		const otherAdmin = { ...other, role: 'admin' as const };
		await expect(users.setUserRole(getDb(), otherAdmin, { userId: other.id, role: 'user' })).rejects.toMatchObject({ code: 'conflict' });
	});

	it('let only one of two admins demoting each other at once succeed', async () => {
		const a = await newUser('admin');
		const b = await newUser('admin');
		const results = await Promise.allSettled([
			users.setUserRole(getDb(), b, { userId: a.id, role: 'user' }),
			users.setUserRole(getDb(), a, { userId: b.id, role: 'user' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect((await everyone()).filter((u) => u.role === 'admin')).toHaveLength(1);
	});

	it('report an unknown user as not_found', async () => {
		const admin = await newUser('admin');
		await expect(users.setUserRole(getDb(), admin, { userId: 2_000_000_000, role: 'admin' })).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('project owners', () => {
	/** The project as `user` reaches it now, with their current role. */
	const as = async (user: auth.AuthUser, projectId: number) => (await projects.findProjectForMember(getDb(), user, { id: projectId }))!;
	const memberIds = async (projectId: number) =>
		await db().selectFrom('projectMembers').select(['userId', 'role']).where('projectId', '=', projectId).orderBy('userId').execute();
	const ownerIds = async (projectId: number) => (await memberIds(projectId)).filter((m) => m.role === 'owner').map((m) => m.userId);

	it('the last one can be neither removed nor demoted', async () => {
		const owner = await newUser();
		const translator = await newUser();
		const project = await projects.createProject(getDb(), owner, { name: 'Owner rules', sourceLang: 'zh-Hans', targetLang: 'en' });
		await projects.addMember(getDb(), project, { email: translator.email, role: 'translator' });

		const removal = projects.removeMember(getDb(), project, { userId: owner.id });
		await expect(removal).rejects.toBeInstanceOf(DomainError);
		await expect(removal).rejects.toMatchObject({ code: 'conflict' });
		await expect(projects.changeMemberRole(getDb(), project, { userId: owner.id, role: 'translator' })).rejects.toMatchObject({
			code: 'conflict',
			field: 'role'
		});
		expect(await ownerIds(project.id)).toEqual([owner.id]);

		// With a second owner the first may step down, and then the second is the last one.
		await projects.changeMemberRole(getDb(), project, { userId: translator.id, role: 'owner' });
		await projects.changeMemberRole(getDb(), project, { userId: owner.id, role: 'reviewer' });
		expect(await ownerIds(project.id)).toEqual([translator.id]);
		const byNewOwner = await as(translator, project.id);
		await expect(projects.removeMember(getDb(), byNewOwner, { userId: translator.id })).rejects.toMatchObject({ code: 'conflict' });
		// The old owner, a reviewer now, may no longer manage members.
		await expect(projects.removeMember(getDb(), await as(owner, project.id), { userId: translator.id })).rejects.toMatchObject({ code: 'forbidden' });
		await projects.removeMember(getDb(), byNewOwner, { userId: owner.id });
		expect((await memberIds(project.id)).map((m) => m.userId)).toEqual([translator.id]);
	});

	it('two owners demoting themselves at once leave one owner', async () => {
		const a = await newUser();
		const b = await newUser();
		const project = await projects.createProject(getDb(), a, { name: 'Owner race', sourceLang: 'en', targetLang: 'fr' });
		await projects.addMember(getDb(), project, { email: b.email, role: 'owner' });
		const byB = await as(b, project.id);
		const results = await Promise.allSettled([
			projects.changeMemberRole(getDb(), project, { userId: a.id, role: 'translator' }),
			projects.changeMemberRole(getDb(), byB, { userId: b.id, role: 'translator' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await ownerIds(project.id)).toHaveLength(1);
	});

	it('changing or removing a non-member is not_found', async () => {
		const owner = await newUser();
		const stranger = await newUser();
		const project = await projects.createProject(getDb(), owner, { name: 'Strangers', sourceLang: 'en', targetLang: 'de' });
		await expect(projects.removeMember(getDb(), project, { userId: stranger.id })).rejects.toMatchObject({ code: 'not_found' });
		await expect(projects.changeMemberRole(getDb(), project, { userId: stranger.id, role: 'owner' })).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('passwords', () => {
	it.each([
		[7, false],
		[8, true],
		[256, true],
		[257, false]
	])('of %i characters are accepted: %s', (length, ok) => {
		expect(passwordSchema.safeParse('p'.repeat(length)).success).toBe(ok);
	});
});

// SvelteKit skips its CSRF origin check under `vite dev` (respond.js: `if (!__SVELTEKIT_DEV__)`),
// so a cross-site form post cannot be tested here; the Origin header is sent as a browser would.
describe('the login form over HTTP', () => {
	const server = useTestServer();
	let user: auth.AuthUser;

	beforeAll(async () => {
		// Created before the server's first request, so the embedded database is not seeded with the demo.
		user = await users.createUser(getDb(), { email: 'form@auth.test', name: 'Form User', password: PASSWORD });
	});

	const login = (email: string, password: string, headers: Record<string, string> = {}) =>
		server.fetch('/login', {
			method: 'POST',
			// As a browser posts a form without JavaScript: SvelteKit answers JSON to `Accept: */*`.
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				origin: server.origin,
				...headers
			},
			body: new URLSearchParams({ email, password }).toString()
		});
	const sessionSetCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${auth.SESSION_COOKIE}=`));
	const cookieValue = (setCookie: string) => setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));

	it('sets an HttpOnly, SameSite=Lax session cookie and redirects with 303', async () => {
		const res = await login('form@auth.test', PASSWORD);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projects');
		const setCookie = sessionSetCookie(res);
		expect(setCookie).toBeDefined();
		const attributes = setCookie!
			.split(';')
			.slice(1)
			.map((a) => a.trim().toLowerCase());
		expect(attributes).toContain('httponly');
		expect(attributes).toContain('samesite=lax');
		expect(attributes).toContain('path=/');
		expect(attributes).not.toContain('secure'); // plain http: only for local use
		const expires = attributes.find((a) => a.startsWith('expires='));
		expect(expires).toBeDefined();
		const expiresAt = new Date(expires!.slice('expires='.length)).getTime();
		expect(expiresAt - Date.now()).toBeGreaterThan(29 * DAY);

		const token = cookieValue(setCookie!);
		expect((await auth.validateSessionToken(token))?.user.id).toBe(user.id);
		expect(await sessionIds(user.id)).toContain(sha256(token));
		const me = await server.fetch('/api/v1/me', { headers: { cookie: `${auth.SESSION_COOKIE}=${token}` } });
		expect((await me.json()).id).toBe(user.id);
	});

	it('starts a new session at each login and ends the one it replaces', async () => {
		const first = cookieValue(sessionSetCookie(await login('form@auth.test', PASSWORD))!);
		const res = await login('form@auth.test', PASSWORD, { cookie: `${auth.SESSION_COOKIE}=${first}` });
		expect(res.status).toBe(303);
		const second = cookieValue(sessionSetCookie(res)!);
		expect(second).not.toBe(first);
		expect(await auth.validateSessionToken(first)).toBeNull();
		expect(await auth.validateSessionToken(second)).not.toBeNull();
	});

	it('sets no session cookie for a wrong password', async () => {
		const before = await sessionIds(user.id);
		const res = await login('form@auth.test', 'wrong password!');
		expect(res.status).toBe(400);
		expect(sessionSetCookie(res)).toBeUndefined();
		expect(await sessionIds(user.id)).toEqual(before);
	});
});
