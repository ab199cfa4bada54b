import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { recordAudit } from '../activity/audit';
import { requireCan } from '../permissions';
import { generateSecret } from '../auth/secrets';
import { checkWebhookUrl } from '../../webhooks/url';
import { describePolicy, refuseWithoutLookup } from '../../webhooks/targets';
import { webhookTargetPolicy } from '../db/config';
import type { DB, ProjectRole } from '../db/schema.generated';

export type WebhookEventType = 'document.published' | 'document.rolled_back' | 'document.unpublished' | 'webhook.test';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The JSON body receivers get (docs/webhooks.md). */
export interface WebhookEvent {
	id: string;
	type: WebhookEventType;
	createdAt: string;
	project: { id: number; slug: string };
	document: { id: number; title: string } | null;
	version: number | null;
	url: string | null;
}

export interface Webhook {
	id: number;
	label: string;
	url: string;
	createdAt: Date;
}

export interface DeliveryAttempt {
	attemptedAt: Date;
	responseStatus: number | null;
	error: string | null;
	durationMs: number;
}

export interface Delivery {
	id: number;
	eventId: string;
	eventType: string;
	status: DeliveryStatus;
	attempts: number;
	nextAttemptAt: Date;
	createdAt: Date;
	log: DeliveryAttempt[];
}

interface ManagedProject {
	id: number;
	role: ProjectRole;
}

const MAX_LABEL = 100;
const MAX_WEBHOOKS_PER_PROJECT = 20;

/** Where the public pages live, for the event's `url`. */
function publicOrigin(): string {
	return (process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
}

/** Where this server sends webhooks, in words, for the form that registers one. */
export const allowedTargets = (): string => describePolicy(webhookTargetPolicy());

/** Registers a webhook; the secret is returned here and never again. */
export async function createWebhook(project: ManagedProject, actorId: number, input: { label: string; url: string }): Promise<{ webhook: Webhook; secret: string }> {
	requireCan(project.role, 'manage');
	const label = input.label.trim();
	if (!label) throw new DomainError('invalid', 'Give the webhook a label, such as “Website rebuild”.', 'label');
	if (label.length > MAX_LABEL) throw new DomainError('invalid', `The label is longer than ${MAX_LABEL} characters.`, 'label');
	const checked = checkWebhookUrl(input.url);
	if (!checked.ok) throw new DomainError('invalid', checked.message, 'url');
	const refused = refuseWithoutLookup(webhookTargetPolicy(), new URL(checked.url));
	if (refused) throw new DomainError('invalid', refused, 'url');
	const secret = `whsec_${generateSecret()}`;
	return getDb()
		.transaction()
		.execute(async (trx) => {
			await trx.selectFrom('projects').select('id').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
			const { count } = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<string>().as('count')).where('projectId', '=', project.id).executeTakeFirstOrThrow();
			if (Number(count) >= MAX_WEBHOOKS_PER_PROJECT) throw new DomainError('conflict', `A project has at most ${MAX_WEBHOOKS_PER_PROJECT} webhooks; delete one first.`);
			const webhook = await trx
				.insertInto('webhooks')
				.values({ projectId: project.id, label, url: checked.url, secret, createdBy: actorId })
				.returning(['id', 'label', 'url', 'createdAt'])
				.executeTakeFirstOrThrow();
			await recordAudit(trx, { projectId: project.id, actorId, action: 'project.webhook_added', details: { label, url: checked.url } });
			return { webhook, secret };
		});
}

export async function listWebhooks(projectId: number): Promise<Webhook[]> {
	return getDb().selectFrom('webhooks').select(['id', 'label', 'url', 'createdAt']).where('projectId', '=', projectId).orderBy('id').execute();
}

export async function deleteWebhook(project: ManagedProject, actorId: number, webhookId: number): Promise<void> {
	requireCan(project.role, 'manage');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const gone = await trx.deleteFrom('webhooks').where('id', '=', webhookId).where('projectId', '=', project.id).returning(['label', 'url']).executeTakeFirst();
			if (!gone) throw new DomainError('not_found', 'This webhook no longer exists.');
			await recordAudit(trx, { projectId: project.id, actorId, action: 'project.webhook_deleted', details: gone });
		});
}

/**
 * Queues one delivery per webhook of the project, inside the caller's transaction: the event is
 * sent if and only if the change commits (a transactional outbox). The worker sends it.
 */
export async function queueWebhookEvent(
	trx: Transaction<DB>,
	event: { type: WebhookEventType; projectId: number; document: { id: number; title: string } | null; version: number | null; webhookId?: number }
): Promise<number> {
	let hooks = trx.selectFrom('webhooks').select('id').where('projectId', '=', event.projectId);
	if (event.webhookId !== undefined) hooks = hooks.where('id', '=', event.webhookId);
	const targets = await hooks.execute();
	if (targets.length === 0) return 0;
	const project = await trx.selectFrom('projects').select(['id', 'slug']).where('id', '=', event.projectId).executeTakeFirstOrThrow();
	const body: WebhookEvent = {
		id: randomUUID(),
		type: event.type,
		createdAt: new Date().toISOString(),
		project: { id: project.id, slug: project.slug },
		document: event.document && { id: event.document.id, title: event.document.title },
		version: event.version,
		url: event.document ? `${publicOrigin()}/p/${event.document.id}` : null
	};
	const text = JSON.stringify(body);
	await trx
		.insertInto('webhookDeliveries')
		.values(targets.map((t) => ({ webhookId: t.id, eventId: body.id, eventType: body.type, body: text })))
		.execute();
	return targets.length;
}

async function requireWebhook(project: ManagedProject, webhookId: number): Promise<void> {
	requireCan(project.role, 'manage');
	const found = await getDb().selectFrom('webhooks').select('id').where('id', '=', webhookId).where('projectId', '=', project.id).executeTakeFirst();
	if (!found) throw new DomainError('not_found', 'This webhook no longer exists.');
}

/** Queues a `webhook.test` event for one webhook; the worker sends it at once. */
export async function sendTestEvent(project: ManagedProject, webhookId: number): Promise<void> {
	await requireWebhook(project, webhookId);
	await getDb()
		.transaction()
		.execute((trx) => queueWebhookEvent(trx, { type: 'webhook.test', projectId: project.id, document: null, version: null, webhookId }));
}

/** Makes a pending or failed delivery due now; a failed one gets one more attempt. */
export async function retryDelivery(project: ManagedProject, webhookId: number, deliveryId: number): Promise<void> {
	await requireWebhook(project, webhookId);
	const updated = await getDb()
		.updateTable('webhookDeliveries')
		.set({ status: 'pending', nextAttemptAt: new Date() })
		.where('id', '=', deliveryId)
		.where('webhookId', '=', webhookId)
		.where('status', '!=', 'delivered')
		// Not while an attempt is under way (claimed, not yet logged): that would send it twice.
		.where(({ eb, selectFrom }) =>
			eb('attempts', '=', selectFrom('webhookAttempts').select((e) => e.fn.countAll<number>().as('n')).whereRef('webhookAttempts.deliveryId', '=', 'webhookDeliveries.id'))
		)
		.executeTakeFirst();
	if (updated.numUpdatedRows === 0n) throw new DomainError('conflict', 'This delivery was already delivered, is being sent right now, or no longer exists.');
}

/** The newest deliveries of a webhook with every attempt, newest first. */
export async function listDeliveries(projectId: number, webhookId: number, limit = 20): Promise<Delivery[]> {
	const deliveries = await getDb()
		.selectFrom('webhookDeliveries as d')
		.innerJoin('webhooks as w', 'w.id', 'd.webhookId')
		.select(['d.id', 'd.eventId', 'd.eventType', 'd.status', 'd.attempts', 'd.nextAttemptAt', 'd.createdAt'])
		.where('w.projectId', '=', projectId)
		.where('d.webhookId', '=', webhookId)
		.orderBy('d.id', 'desc')
		.limit(limit)
		.execute();
	if (deliveries.length === 0) return [];
	const attempts = await getDb()
		.selectFrom('webhookAttempts')
		.select(['deliveryId', 'attemptedAt', 'responseStatus', 'error', 'durationMs'])
		.where(
			'deliveryId',
			'in',
			deliveries.map((d) => d.id)
		)
		.orderBy('id')
		.execute();
	return deliveries.map((d) => ({
		...d,
		status: d.status as DeliveryStatus,
		log: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _, ...a }) => a)
	}));
}
