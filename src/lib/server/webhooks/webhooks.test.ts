import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { importAs } from '../testing/factories';
import { getDb } from '../db/db';
import * as projects from '../projects/projects';
import * as publications from '../publishing/publications';
import * as review from '../review/review';
import * as users from '../accounts/users';
import * as webhooks from './webhooks';
import { DELIVERY_LOG_DAYS, pruneDeliveries, runDueDeliveries } from './delivery';
import { DomainError } from '../errors';
import { verifySignature } from '../../webhooks/signature';
import { blockFromPlainText } from '../../import/model';
import type { AuthUser } from '../auth/sessions';
import type { ProjectRole } from '../db/schema.generated';
import { documentAs } from '../testing/factories';

// Integration: webhooks queued with publishing and delivered by the worker to a real local HTTP
// server, on this file's own database (PGlite, or Postgres with TEST_DATABASE_URL).

useTestDatabase();

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** A receiver that records every request and answers with the next scripted status (200 when none is left). */
let receiver: Server;
let base: string;
let received: Received[] = [];
let script: (number | 'hang' | 'redirect')[] = [];

beforeAll(async () => {
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			const next = script.shift() ?? 200;
			if (next === 'hang') return;
			if (next === 'redirect') res.writeHead(302, { location: `${base}/elsewhere` }).end();
			else res.writeHead(next).end('ok');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	vi.unstubAllEnvs();
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
	received = [];
	script = [];
	// The receiver is on this machine, which the default policy refuses (tested at the end).
	vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external,loopback');
});

let owner: AuthUser;
let translator: AuthUser;
let reviewer: AuthUser;
let n = 0;

beforeAll(async () => {
	owner = await users.createUser(getDb(), { email: 'owner@hooks.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@hooks.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@hooks.test', name: 'Rui Reviewer', password: 'correct horse battery' });
});

/** A project of its own, with an approved document ready to publish. */
async function setup() {
	const project = await projects.createProject(getDb(), owner, { name: `Hooks ${++n}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), project, { email: translator.email, role: 'translator' });
	await projects.addMember(getDb(), project, { email: reviewer.email, role: 'reviewer' });
	const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });
	const created = await importAs(translator, project.id, {
		title: 'Ice “festival”',
		format: 'text',
		source: [paragraph('冰雪节。')],
		translation: [paragraph('The ice festival.')]
	});
	const access = {
		owner: await documentAs(owner, created.id),
		translator: await documentAs(translator, created.id),
		reviewer: await documentAs(reviewer, created.id)
	};
	const doc = (role: ProjectRole) => access[role];
	await review.submitDocument(getDb(), doc('translator'), { includeUnconfirmed: true });
	await review.approveAllRemaining(getDb(), doc('reviewer'));
	return { project, doc, asOwner: project };
}

const logOf = async (project: projects.ProjectAccess, webhookId: number) =>
	(await webhooks.listDeliveries(getDb(), project, webhookId)).map((d) => ({
		type: d.eventType,
		status: d.status,
		log: d.log.map((a) => a.responseStatus ?? a.error)
	}));

describe('webhook events', () => {
	it('publishing sends one signed POST with the event, and unpublishing another', async () => {
		const { project, doc, asOwner } = await setup();
		const { webhook, secret } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Site', url: `${base}/hook` });
		expect(secret).toMatch(/^whsec_/);

		await publications.publishDocument(getDb(), doc('owner'));
		expect(await runDueDeliveries()).toBe(1);
		expect(received).toHaveLength(1);
		const [post] = received;
		expect(post.path).toBe('/hook');
		expect(post.headers['content-type']).toBe('application/json');
		expect(post.headers['x-rendition-event']).toBe('document.published');
		expect(verifySignature(secret, post.body, post.headers['x-rendition-signature'] as string, post.headers['x-rendition-timestamp'] as string)).toBe(true);
		const event = JSON.parse(post.body);
		expect(event).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			type: 'document.published',
			createdAt: expect.any(String),
			project: { id: project.id, slug: project.slug },
			document: { id: doc('owner').id, title: 'Ice “festival”' },
			version: 1,
			url: expect.stringMatching(new RegExp(`/p/${doc('owner').id}$`))
		});
		const [delivery] = await webhooks.listDeliveries(getDb(), project, webhook.id);
		expect(post.headers['x-rendition-delivery']).toBe(String(delivery.id));
		expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, log: [{ responseStatus: 200, error: null }] });

		// Nothing else is due: a second run sends nothing.
		expect(await runDueDeliveries()).toBe(0);

		await publications.unpublish(getDb(), doc('owner'));
		await runDueDeliveries();
		expect(received).toHaveLength(2);
		expect(JSON.parse(received[1].body)).toMatchObject({ type: 'document.unpublished', version: 1 });
		await publications.rollbackTo(getDb(), doc('owner'), { version: 1 });
		await runDueDeliveries();
		expect(JSON.parse(received[2].body)).toMatchObject({ type: 'document.rolled_back', version: 1 });
	});

	it('queues nothing when the change is refused (same transaction)', async () => {
		const { project, doc, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Site', url: `${base}/hook` });
		await expect(publications.unpublish(getDb(), doc('owner'))).rejects.toThrow(DomainError);
		expect(await webhooks.listDeliveries(getDb(), project, webhook.id)).toEqual([]);
		expect(await runDueDeliveries()).toBe(0);
	});

	it('retries an endpoint that fails twice on the backoff schedule; the log shows 500, 500, 200', async () => {
		const { project, doc, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Flaky', url: `${base}/flaky` });
		script = [500, 500];
		await publications.publishDocument(getDb(), doc('owner'));
		const t0 = Date.now() + 1000;
		const at = (ms: number) => ({ now: () => new Date(t0 + ms) });

		expect(await runDueDeliveries(at(0))).toBe(1);
		expect(await runDueDeliveries(at(29_000))).toBe(0); // first retry after 30 s
		expect(await runDueDeliveries(at(30_000))).toBe(1);
		expect(await runDueDeliveries(at(30_000 + 119_000))).toBe(0); // second after 2 min
		expect(await runDueDeliveries(at(30_000 + 120_000))).toBe(1);
		expect(await runDueDeliveries(at(24 * 3_600_000))).toBe(0);

		expect(received.map((r) => r.path)).toEqual(['/flaky', '/flaky', '/flaky']);
		expect(new Set(received.map((r) => r.body)).size).toBe(1);
		expect(await logOf(project, webhook.id)).toEqual([{ type: 'document.published', status: 'delivered', log: [500, 500, 200] }]);
	});

	it('gives up after six failed attempts; Retry now gives one more', async () => {
		const { project, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Down', url: `${base}/down` });
		script = Array(7).fill(503);
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: webhook.id });
		let t = Date.now() + 1000;
		for (let i = 0; i < 6; i++) {
			expect(await runDueDeliveries({ now: () => new Date(t) })).toBe(1);
			t += 7 * 3_600_000;
		}
		expect(await runDueDeliveries({ now: () => new Date(t) })).toBe(0);
		const [failed] = await logOf(project, webhook.id);
		expect(failed).toEqual({ type: 'webhook.test', status: 'failed', log: Array(6).fill(503) });

		const [delivery] = await webhooks.listDeliveries(getDb(), project, webhook.id);
		await webhooks.retryDelivery(getDb(), asOwner, { webhookId: webhook.id, deliveryId: delivery.id });
		expect(await runDueDeliveries({ now: () => new Date(t) })).toBe(1);
		expect((await logOf(project, webhook.id))[0]).toMatchObject({ status: 'failed', log: Array(7).fill(503) });
		script = [];
		await webhooks.retryDelivery(getDb(), asOwner, { webhookId: webhook.id, deliveryId: delivery.id });
		await runDueDeliveries({ now: () => new Date(t) });
		expect((await logOf(project, webhook.id))[0]).toMatchObject({ status: 'delivered', log: [...Array(7).fill(503), 200] });
		await expect(webhooks.retryDelivery(getDb(), asOwner, { webhookId: webhook.id, deliveryId: delivery.id })).rejects.toThrow(/already delivered/);
	});

	it('Retry now refuses a delivery whose attempt is under way', async () => {
		const { project, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Busy', url: `${base}/busy` });
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: webhook.id });
		const [delivery] = await webhooks.listDeliveries(getDb(), project, webhook.id);
		// As a claim leaves it: one attempt counted, none logged yet.
		await getDb()
			.updateTable('webhookDeliveries')
			.set({ attempts: 1, nextAttemptAt: new Date(Date.now() + 70_000) })
			.where('id', '=', delivery.id)
			.execute();
		await expect(webhooks.retryDelivery(getDb(), asOwner, { webhookId: webhook.id, deliveryId: delivery.id })).rejects.toMatchObject({ code: 'conflict' });
		expect(await runDueDeliveries()).toBe(0);
	});

	it('records timeouts, connection errors and redirects (not followed) as failures', async () => {
		const { project, asOwner } = await setup();
		const slow = await webhooks.createWebhook(getDb(), asOwner, { label: 'Slow', url: `${base}/slow` });
		script = ['hang'];
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: slow.webhook.id });
		await runDueDeliveries({ timeoutMs: 300 });
		expect((await logOf(project, slow.webhook.id))[0]).toEqual({ type: 'webhook.test', status: 'pending', log: ['No response within 0.3 s.'] });

		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((resolve) => closed.close(resolve));
		const gone = await webhooks.createWebhook(getDb(), asOwner, { label: 'Gone', url: `http://127.0.0.1:${port}/` });
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: gone.webhook.id });
		await runDueDeliveries();
		const [refused] = await webhooks.listDeliveries(getDb(), project, gone.webhook.id);
		expect(refused.log[0]).toMatchObject({ responseStatus: null, error: expect.stringMatching(/ECONNREFUSED/) });

		received = [];
		script = ['redirect'];
		const moved = await webhooks.createWebhook(getDb(), asOwner, { label: 'Moved', url: `${base}/moved` });
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: moved.webhook.id });
		await runDueDeliveries();
		expect(received.map((r) => r.path)).toEqual(['/moved']);
		const [redirected] = await webhooks.listDeliveries(getDb(), project, moved.webhook.id);
		expect(redirected).toMatchObject({ status: 'pending', log: [{ responseStatus: 302, error: expect.stringMatching(/not followed/) }] });
	});

	it('two workers at once send each delivery once', async () => {
		const { project, asOwner } = await setup();
		const hooks = await Promise.all(['A', 'B', 'C'].map((label) => webhooks.createWebhook(getDb(), asOwner, { label, url: `${base}/${label}` })));
		for (const h of hooks) await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: h.webhook.id });
		const counts = await Promise.all([runDueDeliveries({ batch: 2 }), runDueDeliveries({ batch: 2 }), runDueDeliveries({ batch: 2 })]);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
		expect(received.map((r) => r.path).sort()).toEqual(['/A', '/B', '/C']);
		for (const h of hooks) expect((await logOf(project, h.webhook.id))[0].status).toBe('delivered');
	});
});

describe('the delivery log', () => {
	it('forgets finished deliveries after DELIVERY_LOG_DAYS, with their attempts, and keeps pending ones', async () => {
		const { project, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Log', url: `${base}/log` });
		for (let i = 0; i < 4; i++) await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: webhook.id });
		await runDueDeliveries();
		const [pending, failed, delivered, old] = await webhooks.listDeliveries(getDb(), project, webhook.id);
		const db = getDb();
		await db.updateTable('webhookDeliveries').set({ status: 'pending' }).where('id', '=', pending.id).execute();
		await db.updateTable('webhookDeliveries').set({ status: 'failed' }).where('id', '=', failed.id).execute();
		const now = new Date();
		const ago = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
		await db
			.updateTable('webhookDeliveries')
			.set({ createdAt: ago(DELIVERY_LOG_DAYS + 1) })
			.where('id', 'in', [pending.id, failed.id, old.id])
			.execute();
		await db
			.updateTable('webhookDeliveries')
			.set({ createdAt: ago(DELIVERY_LOG_DAYS - 1) })
			.where('id', '=', delivered.id)
			.execute();

		expect(await pruneDeliveries(now)).toBe(2);
		expect((await webhooks.listDeliveries(getDb(), project, webhook.id)).map((d) => d.id)).toEqual([pending.id, delivered.id]);
		const orphans = await db.selectFrom('webhookAttempts').select('id').where('deliveryId', 'in', [failed.id, old.id]).execute();
		expect(orphans).toEqual([]);
		expect(await pruneDeliveries(now)).toBe(0);
	});
});

describe('managing webhooks', () => {
	it('validates the label and URL, lists without secrets, and deletes with the log', async () => {
		const { project, asOwner } = await setup();
		for (const url of ['ftp://example.com/', 'not a url', 'javascript:alert(1)']) {
			await expect(webhooks.createWebhook(getDb(), asOwner, { label: 'Bad', url })).rejects.toMatchObject({ code: 'invalid', field: 'url' });
		}
		await expect(webhooks.createWebhook(getDb(), asOwner, { label: ' ', url: `${base}/` })).rejects.toMatchObject({ field: 'label' });
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Site', url: `${base}/x` });
		const listed = await webhooks.listWebhooks(getDb(), project);
		expect(listed).toEqual([{ id: webhook.id, label: 'Site', url: `${base}/x`, createdAt: expect.any(Date) }]);
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: webhook.id });
		await webhooks.deleteWebhook(getDb(), asOwner, { webhookId: webhook.id });
		expect(await webhooks.listWebhooks(getDb(), project)).toEqual([]);
		expect(await runDueDeliveries()).toBe(0);
		await expect(webhooks.deleteWebhook(getDb(), asOwner, { webhookId: webhook.id })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('only owners manage webhooks, and only their own project’s', async () => {
		const { project, asOwner } = await setup();
		const { webhook } = await webhooks.createWebhook(getDb(), asOwner, { label: 'Site', url: `${base}/x` });
		for (const role of ['translator', 'reviewer'] as const) {
			const as = (await projects.findProjectForMember(getDb(), role === 'translator' ? translator : reviewer, { id: project.id }))!;
			await expect(webhooks.createWebhook(getDb(), as, { label: 'Mine', url: `${base}/y` })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(webhooks.deleteWebhook(getDb(), as, { webhookId: webhook.id })).rejects.toMatchObject({ code: 'forbidden' });
			await expect(webhooks.sendTestEvent(getDb(), as, { webhookId: webhook.id })).rejects.toMatchObject({ code: 'forbidden' });
		}
		const other = await setup();
		await expect(webhooks.sendTestEvent(getDb(), other.asOwner, { webhookId: webhook.id })).rejects.toMatchObject({ code: 'not_found' });
		await expect(webhooks.deleteWebhook(getDb(), other.asOwner, { webhookId: webhook.id })).rejects.toMatchObject({ code: 'not_found' });
		expect(await webhooks.listWebhooks(getDb(), project)).toHaveLength(1);
	});
});

describe('where webhooks may go', () => {
	it('by default refuses loopback addresses when registered, and again at delivery when the policy narrows', async () => {
		const { project, asOwner } = await setup();
		const byName = await webhooks.createWebhook(getDb(), asOwner, { label: 'By name', url: base.replace('127.0.0.1', 'localhost') + '/named' });
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: byName.webhook.id });
		await runDueDeliveries();
		// `localhost` goes through DNS resolution, which allows loopback under this policy.
		expect(received.map((r) => r.path)).toEqual(['/named']);

		vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', '');
		const inside = [
			`${base}/x`,
			'http://localhost/',
			'http://[::1]:8080/',
			'http://169.254.169.254/latest/meta-data',
			'http://[::7f00:1]/',
			'http://[fec0::1]/'
		];
		for (const url of inside)
			await expect(webhooks.createWebhook(getDb(), asOwner, { label: 'Inside', url }), url).rejects.toMatchObject({
				code: 'invalid',
				field: 'url',
				message: expect.stringMatching(/WEBHOOK_ALLOWED_HOSTS/)
			});

		// Registered while allowed, refused once the policy narrows: by address, and by name after resolving.
		vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'loopback');
		const literal = await webhooks.createWebhook(getDb(), asOwner, { label: 'Literal', url: `${base}/literal` });
		vi.stubEnv('WEBHOOK_ALLOWED_HOSTS', 'external');
		received = [];
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: literal.webhook.id });
		await webhooks.sendTestEvent(getDb(), asOwner, { webhookId: byName.webhook.id });
		await runDueDeliveries();
		expect(received).toEqual([]);
		expect((await logOf(project, literal.webhook.id))[0]).toEqual({
			type: 'webhook.test',
			status: 'pending',
			log: ['127.0.0.1 is a loopback address; this server sends webhooks only to public addresses (WEBHOOK_ALLOWED_HOSTS).']
		});
		const [named] = await logOf(project, byName.webhook.id);
		expect(named.log[0]).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address; .*WEBHOOK_ALLOWED_HOSTS/);
	});

	it('an unreadable WEBHOOK_ALLOWED_HOSTS is an error (the app checks it at start), not a silent default', async () => {
		const { webhookTargetPolicy } = await import('../db/config');
		expect(() => webhookTargetPolicy({ WEBHOOK_ALLOWED_HOSTS: 'external,intranet!' })).toThrow(/cannot read "intranet!"/);
		expect(webhookTargetPolicy({}).kinds).toEqual(new Set(['external']));
	});
});
