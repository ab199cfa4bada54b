import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { pageOutcome as outcome, useTestServer } from '$lib/server/testing/http';
import * as auth from '$lib/server/auth/sessions';
import * as projects from '$lib/server/projects/projects';
import * as users from '$lib/server/accounts/users';
import * as webhooks from '$lib/server/webhooks/webhooks';
import type { AuthUser } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';

// The webhooks page over HTTP: only owners see it or use its actions; other members get 403,
// non-members 404, and someone not logged in goes to the login page.

useTestDatabase();
const server = useTestServer();

const ACTORS = ['owner', 'translator', 'reviewer', 'outsider', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];
const people = {} as Record<Exclude<Actor, 'anonymous'>, AuthUser>;
const cookieOf = {} as Record<Actor, string | undefined>;
let project: projects.ProjectAccess;
let webhookId: number;

beforeAll(async () => {
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		people[who] = await users.createUser(getDb(), { email: `${who}@webhook-page.test`, name: `The ${who}`, password: 'correct horse battery' });
		cookieOf[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(people[who].id)).token}`;
	}
	project = await projects.createProject(getDb(), people.owner, { name: 'Hook page', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), project, { email: people.translator.email, role: 'translator' });
	await projects.addMember(getDb(), project, { email: people.reviewer.email, role: 'reviewer' });
	// Port 9 (discard) on loopback: nothing listens, so test events fail fast and stay on this
	// machine; the default policy would refuse loopback.
	vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external,loopback');
	webhookId = (await webhooks.createWebhook(getDb(), project, { label: 'Kept', url: 'http://127.0.0.1:9/' })).webhook.id;
});

afterAll(() => vi.unstubAllEnvs());

const expected = (actor: Actor) => ({ owner: 'yes', translator: '403', reviewer: '403', outsider: '404', anonymous: 'login' })[actor];

function post(actor: Actor, action: string, form: Record<string, string>) {
	const headers: Record<string, string> = { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' };
	if (cookieOf[actor]) headers.cookie = cookieOf[actor]!;
	return server.fetch(`/projects/${project.slug}/webhooks?/${action}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
}

describe('the webhooks page', () => {
	it('is shown to owners only', async () => {
		for (const actor of ACTORS) {
			const res = await server.fetch(`/projects/${project.slug}/webhooks`, { headers: cookieOf[actor] ? { cookie: cookieOf[actor]! } : {} });
			expect(await outcome(res), actor).toBe(expected(actor));
			if (actor === 'owner') {
				const html = await res.text();
				expect(html).toContain('Kept');
				expect(html).not.toContain('whsec_');
			}
		}
	});

	it('lets only owners add, test and delete webhooks', async () => {
		for (const actor of ['translator', 'reviewer', 'outsider', 'anonymous'] as const) {
			expect(await outcome(await post(actor, 'create', { label: 'Theirs', url: 'https://example.com/hook' })), `create as ${actor}`).toBe(expected(actor));
			expect(await outcome(await post(actor, 'test', { webhookId: String(webhookId) })), `test as ${actor}`).toBe(expected(actor));
			expect(await outcome(await post(actor, 'delete', { webhookId: String(webhookId) })), `delete as ${actor}`).toBe(expected(actor));
		}
		expect((await webhooks.listWebhooks(getDb(), project)).map((h) => h.label)).toEqual(['Kept']);

		const bad = await post('owner', 'create', { label: 'Bad', url: 'ftp://example.com/' });
		expect(await bad.json()).toMatchObject({ type: 'failure', status: 400 });
		const created = await post('owner', 'create', { label: 'Owner’s', url: 'https://example.com/hook' });
		const result = (await created.json()) as { type: string; data: string };
		expect(result.type).toBe('success');
		expect(result.data).toMatch(/whsec_/);
		const added = (await webhooks.listWebhooks(getDb(), project)).find((h) => h.label === 'Owner’s')!;
		expect(await outcome(await post('owner', 'delete', { webhookId: String(added.id) }))).toBe('yes');
		expect((await webhooks.listWebhooks(getDb(), project)).map((h) => h.label)).toEqual(['Kept']);
	});
});
