import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { approvedDocument, createTeam, createUser, documentAs, PASSWORD, type Team } from '$lib/server/testing/factories';
import { callApi, expectApiError, pageOutcome, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import * as publications from '$lib/server/publishing/publications';
import type { AuthUser } from '$lib/server/auth/sessions';

// Issue 11's security items over real HTTP: API tokens open the API only, the login page's
// redirect stays on this site, cross-site writes with the session cookie are refused, and every
// answer carries the security headers.

useTestDatabase();
const server = useTestServer();

let team: Team;
let admin: AuthUser;
let adminToken: string;
let ownerToken: string;

beforeAll(async () => {
	// First: the first account made is an administrator whatever it asks, and the team's are not.
	admin = await createUser({ admin: true });
	team = await createTeam();
	adminToken = (await tokens.createApiToken(getDb(), admin, { label: 'leaked' })).token;
	ownerToken = (await tokens.createApiToken(getDb(), team.owner, { label: 'leaked' })).token;
});

const cookieFor = async (user: AuthUser) => `${auth.SESSION_COOKIE}=${(await auth.createSession(user.id)).token}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A form post as a page's own form sends it, with whatever credentials `headers` carry. */
const postForm = (path: string, form: Record<string, string>, headers: Record<string, string>) =>
	server.fetch(path, { method: 'POST', headers: { origin: server.origin, ...headers }, body: new URLSearchParams(form) });

describe('an API token', () => {
	it('opens the API', async () => {
		const res = await callApi(server, '/api/v1/me', { token: adminToken });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ id: admin.id });
	});

	it('opens no page: the request is sent to log in', async () => {
		for (const path of ['/settings', '/admin', `/projects/${team.project.slug}/webhooks`, '/projects', '/settings/__data.json']) {
			const res = await server.fetch(path, { headers: bearer(adminToken) });
			const location = res.status === 303 ? res.headers.get('location') : ((await res.json()) as { type: string; location?: string }).location;
			expect(location, path).toMatch(/^\/login\?redirectTo=/);
		}
	});

	it('cannot mint a token on the settings page', async () => {
		const before = await tokens.listApiTokens(getDb(), admin);
		const res = await postForm('/settings?/create', { label: 'minted' }, bearer(adminToken));
		expect(await pageOutcome(res)).toBe('login');
		expect(await tokens.listApiTokens(getDb(), admin)).toEqual(before);
	});

	it('cannot change a role on the admin page', async () => {
		const target = await createUser();
		const roleOf = async () => (await getDb().selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow()).role;
		expect(await roleOf()).toBe('user');
		const res = await postForm('/admin?/role', { userId: String(target.id), role: 'admin' }, bearer(adminToken));
		expect(await pageOutcome(res)).toBe('login');
		expect(await roleOf()).toBe('user');
	});

	it('cannot add a webhook on the project’s page', async () => {
		const res = await postForm(`/projects/${team.project.slug}/webhooks?/create`, { label: 'exfiltrate', url: 'https://example.com/hook' }, bearer(ownerToken));
		expect(await pageOutcome(res)).toBe('login');
		const hooks = await getDb().selectFrom('webhooks').select('id').where('projectId', '=', team.project.id).execute();
		expect(hooks).toEqual([]);
	});

	it('beside a session cookie, leaves a page to the cookie’s user', async () => {
		const res = await server.fetch('/settings', { headers: { ...bearer(adminToken), cookie: await cookieFor(team.translator) } });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain(team.translator.name);
		expect(html).not.toContain(admin.name);
	});

	it('is still the only credential the API reads when it comes with a cookie', async () => {
		const res = await callApi(server, '/api/v1/me', { token: adminToken, headers: { cookie: await cookieFor(team.translator) } });
		expect(await res.json()).toMatchObject({ id: admin.id });
	});

	it('is not needed by the API when the session cookie is sent', async () => {
		const res = await callApi(server, '/api/v1/me', { headers: { cookie: await cookieFor(team.translator) } });
		expect(await res.json()).toMatchObject({ id: team.translator.id });
	});
});

describe('the redirect after logging in', () => {
	const logInTo = (redirectTo: string) =>
		server.fetch(`/login?redirectTo=${encodeURIComponent(redirectTo)}`, {
			method: 'POST',
			headers: { origin: server.origin, accept: 'text/html' },
			body: new URLSearchParams({ email: team.reviewer.email, password: PASSWORD })
		});

	it('follows a path of this site', async () => {
		const res = await logInTo('/review?x=1#y');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/review?x=1#y');
		expect(res.headers.get('set-cookie')).toContain(auth.SESSION_COOKIE);
	});

	it('never leaves the site, however the target is spelt', async () => {
		for (const target of ['/\t/evil.example/x', '//evil.example', '/\\evil.example', '/.//evil.example', 'https://evil.example/']) {
			const res = await logInTo(target);
			expect(res.status, JSON.stringify(target)).toBe(303);
			expect(res.headers.get('location'), JSON.stringify(target)).toBe('/projects');
		}
	});

	it('answers a target with CR, LF or U+3000 with its encoded form, not a 500', async () => {
		for (const [target, location] of [
			['/review\r\nSet-Cookie: x=1', '/reviewSet-Cookie:%20x=1'],
			['/review\u3000x', '/review%E3%80%80x']
		]) {
			const res = await logInTo(target);
			expect(res.status, JSON.stringify(target)).toBe(303);
			expect(res.headers.get('location')).toBe(location);
		}
	});

	it('is as safe for someone already logged in who opens the login page', async () => {
		const res = await server.fetch(`/login?redirectTo=${encodeURIComponent('/\t/evil.example/x')}`, { headers: { cookie: await cookieFor(team.reviewer) } });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/projects');
	});
});

describe('a cross-site request with the session cookie', () => {
	const sessionIds = async (user: AuthUser) => (await getDb().selectFrom('sessions').select('id').where('userId', '=', user.id).execute()).map((r) => r.id);

	it('cannot log the user out', async () => {
		const user = await createUser();
		const cookie = await cookieFor(user);
		const foreign: Record<string, string>[] = [
			{ origin: 'http://localhost:9999' },
			{ origin: 'null' },
			{ 'sec-fetch-site': 'same-site' },
			{ 'sec-fetch-site': 'cross-site' }
		];
		for (const headers of foreign) {
			const res = await server.fetch('/logout', { method: 'POST', headers: { cookie, ...headers } });
			expect(res.status, JSON.stringify(headers)).toBe(403);
			expect(res.headers.get('set-cookie')).toBeNull();
		}
		expect(await sessionIds(user)).toHaveLength(1);

		const own = await server.fetch('/logout', { method: 'POST', headers: { cookie, origin: server.origin } });
		expect(own.status).toBe(303);
		expect(await sessionIds(user)).toEqual([]);
	});

	it('is refused on every route, whatever its body, before anything runs', async () => {
		const cookie = await cookieFor(team.owner);
		const foreign = { cookie, origin: 'http://localhost:9999' };
		const before = await tokens.listApiTokens(getDb(), team.owner);
		for (const [method, path] of [
			['POST', '/settings?/create'],
			['POST', '/notifications/1'],
			['PUT', '/projects'],
			['DELETE', '/no/such/page']
		]) {
			const res = await server.fetch(path, { method, headers: { ...foreign, 'content-type': 'text/plain' }, body: 'label=minted' });
			expect(res.status, `${method} ${path}`).toBe(403);
		}
		expect(await tokens.listApiTokens(getDb(), team.owner)).toEqual(before);
		await expectApiError(await callApi(server, '/api/v1/projects', { headers: foreign, body: { name: 'x', sourceLang: 'zh', targetLang: 'en' } }), 403);
	});

	it('still reads: GET is not refused', async () => {
		const res = await server.fetch('/projects', { headers: { cookie: await cookieFor(team.owner), origin: 'http://localhost:9999' } });
		expect(res.status).toBe(200);
	});

	it('leaves token clients alone: they send no cookie', async () => {
		const created = await callApi(server, '/api/v1/projects', {
			token: ownerToken,
			headers: { origin: 'http://localhost:9999' },
			body: { name: 'From a script', sourceLang: 'zh-Hans', targetLang: 'en' }
		});
		expect(created.status).toBe(201);
	});
});

describe('security headers', () => {
	const framing = (res: Response) => {
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('content-security-policy')).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
	};

	it('on pages: a policy whose nonce is the one on the page’s own script', async () => {
		const res = await server.fetch('/login');
		framing(res);
		const policy = res.headers.get('content-security-policy')!;
		const nonce = /script-src [^;]*'nonce-([^']+)'/.exec(policy)?.[1];
		expect(nonce).toBeTruthy();
		expect(policy).toMatch(/object-src 'none'/);
		const html = await res.text();
		const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
		expect(scripts.length).toBeGreaterThan(0);
		for (const attributes of scripts) expect(attributes).toMatch(/\bsrc=|nonce="([^"]+)"/);
		for (const [, found] of html.matchAll(/<script\b[^>]*nonce="([^"]+)"/g)) expect(found).toBe(nonce);
	});

	it('keep a signed-in user’s pages and API answers out of caches', async () => {
		const cookie = await cookieFor(team.owner);
		for (const path of ['/projects', `/projects/${team.project.slug}`, '/settings', '/api/v1/me']) {
			const res = await server.fetch(path, { headers: { cookie } });
			expect(res.status, path).toBe(200);
			expect(res.headers.get('cache-control'), path).toBe('private, no-store');
		}
		const api = await callApi(server, '/api/v1/projects', { token: ownerToken });
		expect(api.headers.get('cache-control')).toBe('private, no-store');
		framing(api);
		expect(api.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
	});

	it('on public pages: not embeddable, and still cacheable', async () => {
		const doc = await approvedDocument(team);
		await publications.publishDocument(getDb(), await documentAs(team.owner, doc.id));
		const res = await server.fetch(`/p/${doc.id}`);
		expect(res.status).toBe(200);
		framing(res);
		expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
		expect(res.headers.get('cache-control')).toBe('public, max-age=60');
	});

	it('on public pages of a project whose owners let other sites embed them: framing allowed', async () => {
		const other = await createTeam();
		const doc = await approvedDocument(other);
		await publications.publishDocument(getDb(), await documentAs(other.owner, doc.id));
		const cookie = await cookieFor(other.owner);
		const saved = await postForm(`/projects/${other.project.slug}/members?/embedding`, { embeddable: 'on' }, { cookie });
		expect(await pageOutcome(saved)).toBe('yes');

		const res = await server.fetch(`/p/${doc.id}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-security-policy')).toMatch(/; frame-ancestors \*$/);
		expect(res.headers.get('x-frame-options')).toBeNull();
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		// A translator cannot change it, and the app's own pages stay unframeable.
		const refused = await postForm(`/projects/${other.project.slug}/members?/embedding`, {}, { cookie: await cookieFor(other.translator) });
		expect(await pageOutcome(refused)).toBe('403');
		const members = await server.fetch(`/projects/${other.project.slug}/members`, { headers: { cookie } });
		expect(members.headers.get('x-frame-options')).toBe('DENY');
		expect(await members.text()).toContain('Other sites may embed the public pages in a frame');
	});
});
