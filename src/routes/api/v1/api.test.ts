import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { getDb } from '$lib/server/db/db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { MAX_JSON_BYTES } from '$lib/server/http/api';
import * as auth from '$lib/server/auth/sessions';
import * as projects from '$lib/server/projects/projects';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import type { AuthUser } from '$lib/server/auth/sessions';

// Integration: the real app over HTTP on this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL). All data is created in beforeAll, before the server's first request.

const database = useTestDatabase();
const server = useTestServer();

const PASSWORD = 'correct horse battery';
let owner: AuthUser;
let ownerToken: string;
let translatorToken: string;
let outsiderToken: string;
let revokedToken: string;
let disabledToken: string;
let newcomer: AuthUser;
let project: projects.ProjectAccess;

beforeAll(async () => {
	const create = (email: string, name: string) => users.createUser(getDb(), { email, name, password: PASSWORD });
	owner = await create('owner@api.test', 'Olga Owner');
	const translator = await create('translator@api.test', 'Tariq Translator');
	const outsider = await create('outsider@api.test', 'Otto Outsider');
	const disabled = await create('disabled@api.test', 'Dora Disabled');
	newcomer = await create('newcomer@api.test', 'Nina Newcomer');

	ownerToken = (await tokens.createApiToken(getDb(), owner, { label: 'tests' })).token;
	translatorToken = (await tokens.createApiToken(getDb(), translator, { label: 'tests' })).token;
	outsiderToken = (await tokens.createApiToken(getDb(), outsider, { label: 'tests' })).token;
	const revoked = await tokens.createApiToken(getDb(), owner, { label: 'revoked' });
	await tokens.revokeApiToken(getDb(), owner, { tokenId: revoked.summary.id });
	revokedToken = revoked.token;
	disabledToken = (await tokens.createApiToken(getDb(), disabled, { label: 'tests' })).token;
	await users.disableUser(getDb(), owner, { userId: disabled.id });

	project = await projects.createProject(getDb(), owner, { name: 'Harbin Evening News', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), project, { email: translator.email, role: 'translator' });
});

const call = (path: string, options?: CallOptions) => callApi(server, path, options);
const expectError = expectApiError;

const projectNames = async (user: AuthUser) => (await projects.listProjectsForUser(getDb(), user)).map((p) => p.name);

const validProject = { name: 'Qiqihar Weekly', sourceLang: 'zh-Hans', targetLang: 'en' };

describe('the test server', () => {
	it('serves this file’s database, seeded by the domain modules', async () => {
		const res = await call('/api/v1/me', { token: ownerToken });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ id: owner.id, email: 'owner@api.test', name: 'Olga Owner', role: 'admin' });
	});
});

describe('authentication', () => {
	const routes: [string, string, unknown?][] = [
		['GET', '/api/v1/me'],
		['GET', '/api/v1/projects'],
		['POST', '/api/v1/projects', validProject],
		['GET', '/api/v1/projects/{id}/members'],
		['POST', '/api/v1/projects/{id}/members', { email: 'newcomer@api.test', role: 'reviewer' }]
	];
	const callers: [string, () => string | undefined][] = [
		['no token', () => undefined],
		['a revoked token', () => revokedToken],
		['the token of a disabled user', () => disabledToken],
		['an unknown token', () => 'rdn_' + 'x'.repeat(43)]
	];
	for (const [method, route, body] of routes) {
		for (const [who, token] of callers) {
			it(`${method} ${route} with ${who} is 401`, async () => {
				const path = route.replace('{id}', String(project.id));
				const err = await expectError(await call(path, { method, token: token(), body }), 401);
				expect(err.code).toBe('unauthorized');
			});
		}
	}

	it('rejects an Authorization header that is not a bearer token', async () => {
		await expectError(await call('/api/v1/me', { headers: { authorization: `Basic ${btoa('a:b')}` } }), 401);
	});

	it('changes nothing when the caller is refused', async () => {
		expect(await projectNames(owner)).not.toContain(validProject.name);
		expect((await projects.listMembers(getDb(), project)).map((m) => m.email)).not.toContain('newcomer@api.test');
	});
});

describe('GET /api/v1/me', () => {
	it('returns the caller as a small object, no secrets', async () => {
		const res = await call('/api/v1/me', { token: translatorToken });
		expect(res.status).toBe(200);
		const me = await res.json();
		expect(Object.keys(me).sort()).toEqual(['email', 'id', 'name', 'role']);
		expect(me).toMatchObject({ email: 'translator@api.test', role: 'user' });
	});
});

describe('GET /api/v1/projects', () => {
	it('lists the caller’s projects with their role and member count', async () => {
		const res = await call('/api/v1/projects', { token: translatorToken });
		expect(res.status).toBe(200);
		const { projects: list } = await res.json();
		expect(list).toEqual([
			{
				id: project.id,
				slug: 'harbin-evening-news',
				name: 'Harbin Evening News',
				sourceLang: 'zh-Hans',
				targetLang: 'en',
				createdAt: project.createdAt.toISOString(),
				role: 'translator',
				memberCount: 2
			}
		]);
	});

	it('does not show a project to a non-member', async () => {
		const res = await call('/api/v1/projects', { token: outsiderToken });
		expect(res.status).toBe(200);
		const { projects: list } = await res.json();
		expect(list.map((p: { id: number }) => p.id)).not.toContain(project.id);
	});
});

describe('POST /api/v1/projects', () => {
	it('creates a project owned by the caller: 201 with id, slug and Location', async () => {
		const res = await call('/api/v1/projects', { token: ownerToken, body: { ...validProject, sourceLang: 'zh-hans' } });
		expect(res.status).toBe(201);
		const created = await res.json();
		expect(created).toEqual({
			id: expect.any(Number),
			slug: 'qiqihar-weekly',
			name: 'Qiqihar Weekly',
			sourceLang: 'zh-Hans', // canonicalised
			targetLang: 'en',
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			role: 'owner',
			memberCount: 1
		});
		expect(res.headers.get('location')).toBe(`/api/v1/projects/${created.id}`);
		const mine = await projects.findProjectForMember(getDb(), owner, { id: created.id });
		expect(mine?.role).toBe('owner');
	});

	it('gives a project with a taken name a new slug', async () => {
		const body = { name: 'Daqing Bulletin', sourceLang: 'zh-Hans', targetLang: 'en' };
		const first = await (await call('/api/v1/projects', { token: ownerToken, body })).json();
		const second = await (await call('/api/v1/projects', { token: outsiderToken, body })).json();
		expect(first.slug).toBe('daqing-bulletin');
		expect(second.slug).toBe('daqing-bulletin-2');
		expect(second.id).not.toBe(first.id);
	});

	it.each([
		['sourceLang', { ...validProject, sourceLang: 'not a tag!' }],
		['sourceLang', { name: 'No source', targetLang: 'en' }],
		['targetLang', { ...validProject, targetLang: '' }],
		['targetLang', { ...validProject, targetLang: 'zh-Hans' }],
		['name', { sourceLang: 'zh-Hans', targetLang: 'en' }],
		['name', { ...validProject, name: '   ' }],
		['name', { ...validProject, name: 'x'.repeat(121) }]
	])('is 400 naming %s for %j', async (field, body) => {
		const err = await expectError(await call('/api/v1/projects', { token: ownerToken, body }), 400, field);
		expect(err.code).toBe('invalid');
	});

	it('is 400 for a body that is not an object', async () => {
		await expectError(await call('/api/v1/projects', { token: ownerToken, body: '[1, 2]' }), 400);
		await expectError(await call('/api/v1/projects', { token: ownerToken, body: 'null' }), 400);
	});

	it('is 400 invalid_json for malformed JSON', async () => {
		const err = await expectError(await call('/api/v1/projects', { token: ownerToken, body: '{"name": "Broken",' }), 400);
		expect(err.code).toBe('invalid_json');
	});

	it('is 415 for a body that is not declared as JSON', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
			const res = await call('/api/v1/projects', {
				token: ownerToken,
				body: JSON.stringify(validProject),
				headers: { 'content-type': type }
			});
			expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
		}
	});

	it('accepts JSON with a charset parameter', async () => {
		const res = await call('/api/v1/projects', {
			token: ownerToken,
			body: { ...validProject, name: 'Mudanjiang Tribune' },
			headers: { 'content-type': 'application/json; charset=utf-8' }
		});
		expect(res.status).toBe(201);
	});

	it('is 413 for a body over 1 MiB with a Content-Length', async () => {
		const body = JSON.stringify({ ...validProject, name: 'x'.repeat(MAX_JSON_BYTES) });
		const err = await expectError(await call('/api/v1/projects', { token: ownerToken, body }), 413);
		expect(err.code).toBe('payload_too_large');
	});

	it('is 413 for a streamed body over 1 MiB without a Content-Length', async () => {
		const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
				if (sent > 2 * MAX_JSON_BYTES) return controller.close();
				controller.enqueue(chunk);
				sent += chunk.byteLength;
			}
		});
		const res = await server.fetch('/api/v1/projects', {
			method: 'POST',
			headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
			body: stream,
			duplex: 'half' // Node's fetch needs this to stream a request body
		} as RequestInit);
		expect((await expectError(res, 413)).code).toBe('payload_too_large');
		expect(res.headers.get('connection')).toBe('close');
	});

	it('created none of the refused projects', async () => {
		const names = await projectNames(owner);
		expect(names.filter((n) => n === validProject.name)).toHaveLength(1);
		expect(names).not.toContain('No source');
		expect(names).not.toContain('Broken');
	});
});

describe('/api/v1/projects/{id}/members', () => {
	const members = () => `/api/v1/projects/${project.id}/members`;

	it('lists members for any member', async () => {
		const res = await call(members(), { token: translatorToken });
		expect(res.status).toBe(200);
		const { members: list } = await res.json();
		expect(list.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
			['owner@api.test', 'owner'],
			['translator@api.test', 'translator']
		]);
		expect(Object.keys(list[0]).sort()).toEqual(['addedAt', 'email', 'name', 'role', 'userId']);
	});

	it('lets an owner add a registered user: 201 with the member', async () => {
		const res = await call(members(), { token: ownerToken, body: { email: 'NEWCOMER@api.test', role: 'reviewer' } });
		expect(res.status).toBe(201);
		expect(await res.json()).toEqual({
			userId: newcomer.id,
			email: 'newcomer@api.test',
			name: 'Nina Newcomer',
			role: 'reviewer',
			addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
		expect((await projects.findProjectForMember(getDb(), newcomer, { id: project.id }))?.role).toBe('reviewer');
	});

	it('is 409 for someone who is already a member', async () => {
		const err = await expectError(await call(members(), { token: ownerToken, body: { email: 'translator@api.test', role: 'reviewer' } }), 409, 'email');
		expect(err.code).toBe('conflict');
		const translator = (await projects.listMembers(getDb(), project)).find((m) => m.email === 'translator@api.test');
		expect(translator?.role).toBe('translator');
	});

	it('is 400 naming email for an address nobody registered', async () => {
		await expectError(await call(members(), { token: ownerToken, body: { email: 'nobody@api.test', role: 'reviewer' } }), 400, 'email');
	});

	it('is 400 naming email for a disabled account', async () => {
		await expectError(await call(members(), { token: ownerToken, body: { email: 'disabled@api.test', role: 'reviewer' } }), 400, 'email');
	});

	it.each([
		['email', { email: 'not-an-email', role: 'reviewer' }],
		['email', { role: 'reviewer' }],
		['role', { email: 'outsider@api.test', role: 'admin' }],
		['role', { email: 'outsider@api.test' }]
	])('is 400 naming %s for %j', async (field, body) => {
		await expectError(await call(members(), { token: ownerToken, body }), 400, field);
	});

	it('is 403 when a member who is not an owner adds someone', async () => {
		const err = await expectError(await call(members(), { token: translatorToken, body: { email: 'outsider@api.test', role: 'reviewer' } }), 403);
		expect(err.code).toBe('forbidden');
	});

	it('is 404 for a non-member, whether reading or adding', async () => {
		await expectError(await call(members(), { token: outsiderToken }), 404);
		await expectError(await call(members(), { token: outsiderToken, body: { email: 'outsider@api.test', role: 'owner' } }), 404);
	});

	it('is 404 for a project that does not exist', async () => {
		await expectError(await call('/api/v1/projects/2147483647/members', { token: ownerToken }), 404);
	});

	it.each(['abc', '0', '-1', '01', '1.5', '99999999999'])('is a JSON 404 for the malformed id %s', async (id) => {
		await expectError(await call(`/api/v1/projects/${id}/members`, { token: ownerToken }), 404);
		await expectError(await call(`/api/v1/projects/${id}/members`, { token: ownerToken, body: { email: 'outsider@api.test', role: 'owner' } }), 404);
	});

	it('added none of the refused members', async () => {
		const emails = (await projects.listMembers(getDb(), project)).map((m) => m.email);
		expect(emails.sort()).toEqual(['newcomer@api.test', 'owner@api.test', 'translator@api.test']);
	});
});

describe('unknown API paths', () => {
	it.each([
		['GET', '/api/v1/nothing-here'],
		['POST', '/api/v1/nothing-here'],
		['GET', '/api/v1/projects/1/nothing-here'],
		['GET', '/api/v2/me'],
		['GET', '/api']
	])('%s %s is a JSON 404', async (method, path) => {
		const res = await call(path, { method, token: ownerToken, body: method === 'POST' ? {} : undefined });
		expect((await expectError(res, 404)).code).toBe('not_found');
	});

	it('answers 405 with Allow for a method a route does not have', async () => {
		const res = await call('/api/v1/projects', { method: 'DELETE', token: ownerToken });
		expect((await expectError(res, 405)).code).toBe('method_not_allowed');
		expect(res.headers.get('allow')).toBe('GET, POST');
	});
});

describe('a browser session cookie', () => {
	let cookie: string;
	beforeAll(async () => {
		const { token } = await auth.createSession(owner.id);
		cookie = `${auth.SESSION_COOKIE}=${token}`;
	});

	it('can read /api/v1/me', async () => {
		const res = await call('/api/v1/me', { headers: { cookie } });
		expect(res.status).toBe(200);
		expect((await res.json()).id).toBe(owner.id);
	});

	it('can create a project from this site’s own pages (same origin, JSON)', async () => {
		const res = await call('/api/v1/projects', {
			body: { ...validProject, name: 'Same Origin Gazette' },
			headers: { cookie, origin: server.origin }
		});
		expect(res.status).toBe(201);
	});

	it.each([
		['a JSON post from another origin', { origin: 'https://evil.example' }, 'application/json'],
		['a JSON post marked cross-site by the browser', { 'sec-fetch-site': 'cross-site' }, 'application/json'],
		['a text/plain post from another origin', { origin: 'https://evil.example' }, 'text/plain'],
		['a text/plain post from this origin', { origin: '{self}' }, 'text/plain'],
		['a form post from another origin', { origin: 'https://evil.example' }, 'application/x-www-form-urlencoded']
	])('is refused for %s and creates nothing', async (_, extra, type) => {
		const name = `Forged ${type} ${Object.values(extra)[0]}`;
		const headers: Record<string, string> = { cookie, 'content-type': type };
		for (const [k, v] of Object.entries(extra)) headers[k] = v.replace('{self}', server.origin);
		const res = await call('/api/v1/projects', { body: JSON.stringify({ ...validProject, name }), headers });
		// In production SvelteKit itself refuses the cross-site form content types first; under
		// `vite dev` its CSRF check is off, so this exercises the API's own refusal for every case.
		expect((await expectError(res, 403)).code).toBe('cross_site');
		expect(await projectNames(owner)).not.toContain(name);
	});

	it('is refused when adding members cross-site', async () => {
		const res = await call(`/api/v1/projects/${project.id}/members`, {
			body: { email: 'outsider@api.test', role: 'owner' },
			headers: { cookie, origin: 'https://evil.example' }
		});
		expect((await expectError(res, 403)).code).toBe('cross_site');
		expect(await projects.findProjectForMember(getDb(), (await users.findUserByEmail(getDb(), 'outsider@api.test'))!, { id: project.id })).toBeNull();
	});

	it('does not rescue a request whose bearer token is revoked', async () => {
		await expectError(await call('/api/v1/me', { token: revokedToken, headers: { cookie } }), 401);
	});

	it('is sent again with a later expiry when the session slides', async () => {
		const { token, session } = await auth.createSession(owner.id);
		await sql`update sessions set expires_at = now() + interval '10 days' where id = ${session.id}`.execute(database.handle().db);
		const res = await call('/api/v1/me', { headers: { cookie: `${auth.SESSION_COOKIE}=${token}` } });
		expect(res.status).toBe(200);
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${auth.SESSION_COOKIE}=`));
		expect(setCookie).toBeDefined();
		expect(setCookie!.startsWith(`${auth.SESSION_COOKIE}=${token};`)).toBe(true);
		const expires = new Date(/Expires=([^;]+)/i.exec(setCookie!)![1]).getTime();
		expect(expires - Date.now()).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
	});

	it('is cleared when it names no session', async () => {
		const res = await call('/api/v1/me', { headers: { cookie: `${auth.SESSION_COOKIE}=not-a-session` } });
		await expectError(res, 401);
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${auth.SESSION_COOKIE}=`));
		expect(setCookie).toMatch(/^rendition_session=;/);
		expect(setCookie).toMatch(/Max-Age=0/i);
	});
});
