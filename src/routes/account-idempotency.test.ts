import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as projects from '$lib/server/projects/projects';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import * as webhooks from '$lib/server/webhooks/webhooks';
import type { AuthUser } from '$lib/server/auth/sessions';

// Double submits: the same form (one idempotency key) sent twice at once creates one project,
// one membership, one token, one webhook. Tokens and webhook secrets are shown once, so the
// second request is told that the first one made it instead of getting a copy of the secret.

useTestDatabase();
const server = useTestServer();

const PASSWORD = 'correct horse battery';
let owner: AuthUser;
let newcomer: AuthUser;
let ownerCookie: string;
let ownerToken: string;
let project: projects.ProjectAccess;

beforeAll(async () => {
	const db = getDb();
	owner = await users.createUser(db, { email: 'owner@twice.test', name: 'Olga Owner', password: PASSWORD });
	newcomer = await users.createUser(db, { email: 'newcomer@twice.test', name: 'Nina Newcomer', password: PASSWORD });
	await users.createUser(db, { email: 'second@twice.test', name: 'Sam Second', password: PASSWORD });
	ownerCookie = `${auth.SESSION_COOKIE}=${(await auth.createSession(owner.id)).token}`;
	ownerToken = (await tokens.createApiToken(db, owner, { label: 'twice' })).token;
	project = await projects.createProject(db, owner, { name: 'Twice', sourceLang: 'zh-Hans', targetLang: 'en' });
	vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external,loopback');
});

afterAll(() => vi.unstubAllEnvs());

async function post(path: string, form: Record<string, string>) {
	const res = await server.fetch(path, {
		method: 'POST',
		headers: { origin: server.origin, cookie: ownerCookie, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString()
	});
	return (await res.json()) as { type: string; status: number; location?: string; data?: string };
}

const twice = <T>(send: () => Promise<T>) => Promise.all([send(), send()]);
const projectsNamed = async (name: string) => (await projects.listProjectsForUser(getDb(), owner)).filter((p) => p.name === name);

describe('creating a project twice with one key', () => {
	it('over the API at once makes one project, and both answers are it', async () => {
		const body = { name: 'Concurrent API', sourceLang: 'zh-Hans', targetLang: 'en', idempotencyKey: 'api-project-key-1' };
		const answers = await twice(() => callApi(server, '/api/v1/projects', { token: ownerToken, body }));
		expect(answers.map((r) => r.status)).toEqual([201, 201]);
		const [a, b] = await Promise.all(answers.map((r) => r.json()));
		expect(a.id).toBe(b.id);
		expect(a).toMatchObject({ name: 'Concurrent API', role: 'owner' });
		expect(await projectsNamed('Concurrent API')).toHaveLength(1);
	});

	it('from the form at once makes one project, and both go to it', async () => {
		const form = { name: 'Concurrent form', sourceLang: 'zh-Hans', targetLang: 'en', idempotencyKey: 'form-project-key-1' };
		const answers = await twice(() => post('/projects/new', form));
		const [made] = await projectsNamed('Concurrent form');
		expect(answers.map((a) => a.location)).toEqual([`/projects/${made.slug}`, `/projects/${made.slug}`]);
		expect(await projectsNamed('Concurrent form')).toHaveLength(1);
	});

	it('without a key makes two', async () => {
		const body = { name: 'No key', sourceLang: 'zh-Hans', targetLang: 'en' };
		await twice(() => callApi(server, '/api/v1/projects', { token: ownerToken, body }));
		expect(await projectsNamed('No key')).toHaveLength(2);
	});

	it('refuses a key already used for something else', async () => {
		const key = 'reused-key-0001';
		await callApi(server, '/api/v1/projects', { token: ownerToken, body: { name: 'First use', sourceLang: 'en', targetLang: 'fr', idempotencyKey: key } });
		const res = await callApi(server, `/api/v1/projects/${project.id}/members`, {
			token: ownerToken,
			body: { email: newcomer.email, role: 'reviewer', idempotencyKey: key }
		});
		expect(res.status).toBe(409);
		expect((await res.json()).error.field).toBe('idempotencyKey');
	});

	it('refuses a malformed key', async () => {
		const res = await callApi(server, '/api/v1/projects', {
			token: ownerToken,
			body: { name: 'Bad key', sourceLang: 'en', targetLang: 'fr', idempotencyKey: 'x' }
		});
		expect(res.status).toBe(400);
		expect((await res.json()).error.field).toBe('idempotencyKey');
	});
});

describe('adding a member twice with one key', () => {
	it('over the API at once adds them once, and both answers are the membership', async () => {
		const body = { email: newcomer.email, role: 'translator', idempotencyKey: 'api-member-key-1' };
		const answers = await twice(() => callApi(server, `/api/v1/projects/${project.id}/members`, { token: ownerToken, body }));
		expect(answers.map((r) => r.status)).toEqual([201, 201]);
		for (const r of answers) expect(await r.json()).toMatchObject({ userId: newcomer.id, role: 'translator' });
	});

	it('from the form at once adds them once, and both say so', async () => {
		const form = { email: 'second@twice.test', role: 'reviewer', idempotencyKey: 'form-member-key-1' };
		const answers = await twice(() => post(`/projects/${project.slug}/members?/add`, form));
		expect(answers.map((a) => a.type)).toEqual(['success', 'success']);
		for (const a of answers) expect(a.data).toMatch(/Sam Second \(second@twice.test\) joined as reviewer/);
		const members = await projects.listMembers(getDb(), project);
		expect(members.filter((m) => m.email === 'second@twice.test')).toHaveLength(1);
	});
});

describe('secrets shown once', () => {
	it('a token form sent twice makes one token; the second answer says the first click made it', async () => {
		const form = { label: 'Double click', idempotencyKey: 'form-token-key-1' };
		const answers = await twice(() => post('/settings?/create', form));
		const made = answers.filter((a) => a.type === 'success');
		const refused = answers.filter((a) => a.type === 'failure');
		expect(made).toHaveLength(1);
		expect(made[0].data).toMatch(/rdn_/);
		expect(refused).toHaveLength(1);
		expect(refused[0].status).toBe(409);
		expect(refused[0].data).toMatch(/sent twice: the token “Double click” was made by the first click/);
		expect(refused[0].data).not.toMatch(/rdn_/);
		expect((await tokens.listApiTokens(getDb(), owner)).filter((t) => t.label === 'Double click')).toHaveLength(1);
		// Each answer carries a fresh key for the next token.
		expect(made[0].data).not.toContain('form-token-key-1');
	});

	it('a webhook form sent twice registers one webhook; the second answer holds no secret', async () => {
		const form = { label: 'Double hook', url: 'https://example.com/twice', idempotencyKey: 'form-webhook-key-1' };
		const answers = await twice(() => post(`/projects/${project.slug}/webhooks?/create`, form));
		expect(answers.map((a) => a.type).sort()).toEqual(['failure', 'success']);
		const refused = answers.find((a) => a.type === 'failure')!;
		expect(refused.status).toBe(409);
		expect(refused.data).toMatch(/registered by the first click/);
		expect(refused.data).not.toMatch(/whsec_/);
		expect(answers.find((a) => a.type === 'success')!.data).toMatch(/whsec_/);
		expect((await webhooks.listWebhooks(getDb(), project)).filter((h) => h.label === 'Double hook')).toHaveLength(1);
	});

	it('keep no secret in the stored results', async () => {
		const stored = await getDb().selectFrom('idempotencyKeys').select(['action', 'result']).where('userId', '=', owner.id).execute();
		expect(stored.map((s) => s.action)).toEqual(expect.arrayContaining(['token.create', 'webhook.create']));
		for (const { result } of stored) expect(JSON.stringify(result)).not.toMatch(/rdn_|whsec_/);
	});
});
