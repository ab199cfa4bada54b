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

// Every form and JSON route of accounts, tokens, projects, members, webhooks and administration,
// sent what a careless or hostile client sends: a NUL in each field, ids that are not ids or are
// past Postgres' integer. The answer is a clear 4xx (or the input cleaned), never a 500.

useTestDatabase();
const server = useTestServer();

const PASSWORD = 'correct horse battery';
let admin: AuthUser;
let owner: AuthUser;
let target: AuthUser;
let adminCookie: string;
let ownerCookie: string;
let ownerToken: string;
let project: projects.ProjectAccess;
let webhookId: number;
let deliveryId: number;
let tokenId: number;

beforeAll(async () => {
	const db = getDb();
	admin = await users.createUser(db, { email: 'admin@inputs.test', name: 'Ada Admin', password: PASSWORD });
	owner = await users.createUser(db, { email: 'owner@inputs.test', name: 'Olga Owner', password: PASSWORD });
	target = await users.createUser(db, { email: 'target@inputs.test', name: 'Tom Target', password: PASSWORD });
	adminCookie = `${auth.SESSION_COOKIE}=${(await auth.createSession(admin.id)).token}`;
	ownerCookie = `${auth.SESSION_COOKIE}=${(await auth.createSession(owner.id)).token}`;
	ownerToken = (await tokens.createApiToken(db, owner, { label: 'inputs' })).token;
	tokenId = (await tokens.createApiToken(db, owner, { label: 'to revoke' })).summary.id;
	project = await projects.createProject(db, owner, { name: 'Inputs', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(db, project, { email: target.email, role: 'translator' });
	vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external,loopback');
	webhookId = (await webhooks.createWebhook(db, project, { label: 'Kept', url: 'http://127.0.0.1:9/' })).webhook.id;
	await webhooks.sendTestEvent(db, project, { webhookId });
	[{ id: deliveryId }] = await webhooks.listDeliveries(db, project, webhookId);
});

afterAll(() => vi.unstubAllEnvs());

interface Outcome {
	status: number;
	/** The action result's data as sent (devalue), or the body. */
	text: string;
}

/** A form post as use:enhance sends it; the status is the action result's. */
async function post(path: string, form: Record<string, string>, cookie?: string): Promise<Outcome> {
	const headers: Record<string, string> = { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' };
	if (cookie) headers.cookie = cookie;
	const res = await server.fetch(path, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
	const text = await res.text();
	if (!res.headers.get('content-type')?.startsWith('application/json')) return { status: res.status, text };
	const result = JSON.parse(text) as { type: string; status?: number; data?: string };
	return { status: result.type === 'redirect' ? 303 : (result.status ?? res.status), text: result.data ?? text };
}

const withNul = (value: string) => (value.length > 1 ? `${value.slice(0, 1)}\u0000${value.slice(1)}` : `${value}\u0000`);

interface FormCase {
	path: string;
	cookie?: () => string;
	values: () => Record<string, string>;
}

let fresh = 0;
const FORMS: Record<string, FormCase> = {
	login: { path: '/login', values: () => ({ email: 'owner@inputs.test', password: PASSWORD }) },
	register: { path: '/register', values: () => ({ name: 'New Person', email: `new${++fresh}@inputs.test`, password: PASSWORD }) },
	'token create': { path: '/settings?/create', cookie: () => ownerCookie, values: () => ({ label: 'Script', idempotencyKey: `token-key-${++fresh}` }) },
	'token revoke': { path: '/settings?/revoke', cookie: () => ownerCookie, values: () => ({ tokenId: String(tokenId) }) },
	'admin role': { path: '/admin?/role', cookie: () => adminCookie, values: () => ({ userId: String(target.id), role: 'user' }) },
	'admin disable': { path: '/admin?/disable', cookie: () => adminCookie, values: () => ({ userId: String(target.id) }) },
	'admin enable': { path: '/admin?/enable', cookie: () => adminCookie, values: () => ({ userId: String(target.id) }) },
	'new project': {
		path: '/projects/new',
		cookie: () => ownerCookie,
		values: () => ({ name: 'Nul project', sourceLang: 'zh-Hans', targetLang: 'en', idempotencyKey: `project-key-${++fresh}` })
	},
	'member add': {
		path: '/projects/inputs/members?/add',
		cookie: () => ownerCookie,
		values: () => ({ email: 'admin@inputs.test', role: 'reviewer', idempotencyKey: `member-key-${++fresh}` })
	},
	'member role': { path: '/projects/inputs/members?/role', cookie: () => ownerCookie, values: () => ({ userId: String(target.id), role: 'translator' }) },
	'member remove': { path: '/projects/inputs/members?/remove', cookie: () => ownerCookie, values: () => ({ userId: String(target.id) }) },
	'webhook create': {
		path: '/projects/inputs/webhooks?/create',
		cookie: () => ownerCookie,
		values: () => ({ label: 'Site', url: 'https://example.com/hook', idempotencyKey: `webhook-key-${++fresh}` })
	},
	'webhook delete': { path: '/projects/inputs/webhooks?/delete', cookie: () => ownerCookie, values: () => ({ webhookId: String(webhookId) }) },
	'webhook test': { path: '/projects/inputs/webhooks?/test', cookie: () => ownerCookie, values: () => ({ webhookId: String(webhookId) }) },
	'webhook retry': {
		path: '/projects/inputs/webhooks?/retry',
		cookie: () => ownerCookie,
		values: () => ({ webhookId: String(webhookId), deliveryId: String(deliveryId) })
	}
};

describe('a NUL character in any field of a form', () => {
	for (const [name, form] of Object.entries(FORMS)) {
		it(`is a clear 400 or cleaned, never a 500, for ${name}`, async () => {
			for (const field of Object.keys(form.values())) {
				const values = form.values();
				values[field] = withNul(values[field]);
				const { status, text } = await post(form.path, values, form.cookie?.());
				expect(status, `${name}: ${field} → ${status} ${text.slice(0, 200)}`).toBeLessThan(500);
				expect([200, 303, 400, 409], `${name}: ${field} → ${status} ${text.slice(0, 200)}`).toContain(status);
			}
		});
	}

	it('is refused in the login email with a message, not looked up', async () => {
		const { status, text } = await post('/login', { email: 'owner\u0000@inputs.test', password: PASSWORD });
		expect(status).toBe(400);
		expect(text).toMatch(/control characters/);
	});

	it('is removed from a webhook label and a project name', async () => {
		expect((await post('/projects/new', { name: 'Clean\u0000ed', sourceLang: 'zh-Hans', targetLang: 'en' }, ownerCookie)).status).toBe(303);
		expect((await projects.listProjectsForUser(getDb(), owner)).map((p) => p.name)).toContain('Cleaned');
		expect((await post('/projects/inputs/webhooks?/create', { label: 'La\u0000bel', url: 'https://example.com/clean' }, ownerCookie)).status).toBe(200);
		expect((await webhooks.listWebhooks(getDb(), project)).map((h) => h.label)).toContain('Label');
	});
});

const NOT_IDS = ['99999999999', '0x2', '1e1', ' 2', '2.0', '-1', ''];
const ABSENT = '2000000000';

describe('ids in form fields', () => {
	const cases: [string, string][] = [
		['token revoke', 'tokenId'],
		['admin role', 'userId'],
		['admin disable', 'userId'],
		['admin enable', 'userId'],
		['member role', 'userId'],
		['member remove', 'userId'],
		['webhook delete', 'webhookId'],
		['webhook test', 'webhookId'],
		['webhook retry', 'webhookId'],
		['webhook retry', 'deliveryId']
	];
	for (const [name, field] of cases) {
		it(`are parsed strictly for ${name} (${field}): 400, or 404 when well-formed but absent`, async () => {
			const form = FORMS[name];
			for (const bad of NOT_IDS) {
				const { status, text } = await post(form.path, { ...form.values(), [field]: bad }, form.cookie?.());
				expect(status, `${field}=${JSON.stringify(bad)}: ${text.slice(0, 200)}`).toBe(400);
				expect(text).toMatch(/Choose a/);
			}
			const { status } = await post(form.path, { ...form.values(), [field]: ABSENT }, form.cookie?.());
			expect(status, `${field}=${ABSENT}`).toBe(404);
		});
	}

	it('left the accounts, members and webhooks as they were', async () => {
		const db = getDb();
		const all = await db.selectFrom('users').select(['id', 'role', 'disabledAt']).where('id', '=', target.id).executeTakeFirstOrThrow();
		expect(all).toMatchObject({ role: 'user', disabledAt: null });
		expect((await projects.listMembers(db, project)).find((m) => m.userId === target.id)?.role).toBe('translator');
		expect((await webhooks.listWebhooks(db, project)).map((h) => h.id)).toContain(webhookId);
	});
});

describe('a NUL character in any field of a JSON body', () => {
	const ROUTES: Record<string, () => [string, Record<string, unknown>]> = {
		'POST /api/v1/projects': () => [
			'/api/v1/projects',
			{ name: 'Json project', sourceLang: 'zh-Hans', targetLang: 'en', idempotencyKey: `json-project-${++fresh}` }
		],
		'POST /api/v1/projects/{id}/members': () => [
			`/api/v1/projects/${project.id}/members`,
			{ email: 'nobody@inputs.test', role: 'reviewer', idempotencyKey: `json-member-${++fresh}` }
		]
	};
	for (const [name, request] of Object.entries(ROUTES)) {
		it(`is a clear 400 or cleaned, never a 500, for ${name}`, async () => {
			const [, valid] = request();
			for (const field of Object.keys(valid)) {
				const [path, body] = request();
				body[field] = withNul(String(body[field]));
				const res = await callApi(server, path, { token: ownerToken, body });
				const text = await res.text();
				expect([201, 400], `${field} → ${res.status} ${text}`).toContain(res.status);
				if (res.status === 400) expect(JSON.parse(text).error.field, text).toBe(field);
			}
		});
	}
});
