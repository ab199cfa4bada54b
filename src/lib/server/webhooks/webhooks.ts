import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { idempotencyKeySchema, once } from '../db/idempotency';
import { DomainError, validate, type Input } from '../errors';
import { recordAudit } from '../activity/audit';
import { requireAllowed } from '../permissions';
import { generateSecret } from '../auth/secrets';
import { idSchema, textSchema } from '../../validation';
import type { ProjectAccess } from '../projects/projects';
import { checkWebhookUrl } from '../../webhooks/url';
import { describePolicy, refuseWithoutLookup } from '../../webhooks/targets';
import { webhookTargetPolicy } from '../db/config';

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

const MAX_LABEL = 100;
const MAX_WEBHOOKS_PER_PROJECT = 20;

/** Where the public pages live, for the event's `url`. */
function publicOrigin(): string {
	return (process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
}

/** Where this server sends webhooks, in words, for the form that registers one. */
export const allowedTargets = (): string => describePolicy(webhookTargetPolicy());

export const newWebhookSchema = z.object({
	label: textSchema(MAX_LABEL, `The label is longer than ${MAX_LABEL} characters.`).refine(
		(l) => l.length > 0,
		'Give the webhook a label, such as “Website rebuild”.'
	),
	url: z.string({ error: 'Enter the URL to send events to.' }),
	idempotencyKey: idempotencyKeySchema
});
const webhookIdSchema = idSchema('Choose a webhook.');
export const webhookTargetSchema = z.object({ webhookId: webhookIdSchema });
export const deliveryTargetSchema = z.object({ webhookId: webhookIdSchema, deliveryId: idSchema('Choose a delivery.') });

/**
 * Registers a webhook (owners only); the secret is returned here and never again. The same form
 * sent twice (one idempotency key) registers one webhook, and the second request is refused with
 * a conflict that says so: the secret was shown to the first one alone.
 */
export async function createWebhook(
	db: Database,
	project: ProjectAccess,
	input: Input<typeof newWebhookSchema>
): Promise<{ webhook: Webhook; secret: string }> {
	requireAllowed(project, 'manage');
	const { label, url, idempotencyKey } = validate(newWebhookSchema, input);
	const checked = checkWebhookUrl(url);
	if (!checked.ok) throw new DomainError('invalid', checked.message, 'url');
	const refused = refuseWithoutLookup(webhookTargetPolicy(), new URL(checked.url));
	if (refused) throw new DomainError('invalid', refused, 'url');
	const secret = `whsec_${generateSecret()}`;
	const actorId = project.actor.id;
	// The key keeps the webhook's id and label, never its secret.
	const { result, replayed } = await once(db, project.actor, idempotencyKey, 'webhook.create', async (trx) => {
		await trx.selectFrom('projects').select('id').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
		const { count } = await trx
			.selectFrom('webhooks')
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.where('projectId', '=', project.id)
			.executeTakeFirstOrThrow();
		if (Number(count) >= MAX_WEBHOOKS_PER_PROJECT)
			throw new DomainError('conflict', `A project has at most ${MAX_WEBHOOKS_PER_PROJECT} webhooks; delete one first.`);
		const webhook = await trx
			.insertInto('webhooks')
			.values({ projectId: project.id, label, url: checked.url, secret, createdBy: actorId })
			.returning(['id', 'label'])
			.executeTakeFirstOrThrow();
		await recordAudit(trx, { projectId: project.id, actorId, action: 'project.webhook_added', details: { label, url: checked.url } });
		return webhook;
	});
	if (replayed) {
		throw new DomainError(
			'conflict',
			`This form was sent twice: the webhook “${result.label}” was registered by the first click, and its secret shown only to it. If you did not copy the secret, delete the webhook and add it again.`
		);
	}
	const webhook = await webhookRows(db, project.id).where('id', '=', result.id).executeTakeFirstOrThrow();
	return { webhook, secret };
}

const webhookRows = (db: Database, projectId: number) =>
	db.selectFrom('webhooks').select(['id', 'label', 'url', 'createdAt']).where('projectId', '=', projectId);

export async function listWebhooks(db: Database, project: ProjectAccess): Promise<Webhook[]> {
	requireAllowed(project, 'manage');
	return webhookRows(db, project.id).orderBy('id').execute();
}

export async function deleteWebhook(db: Database, project: ProjectAccess, input: Input<typeof webhookTargetSchema>): Promise<void> {
	requireAllowed(project, 'manage');
	const { webhookId } = validate(webhookTargetSchema, input);
	await inTransaction(db, async (trx) => {
		const gone = await trx
			.deleteFrom('webhooks')
			.where('id', '=', webhookId)
			.where('projectId', '=', project.id)
			.returning(['label', 'url'])
			.executeTakeFirst();
		if (!gone) throw new DomainError('not_found', 'This webhook no longer exists.', 'webhookId');
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'project.webhook_deleted', details: gone });
	});
}

/**
 * Queues one delivery per webhook of the project, inside the caller's transaction: the event is
 * sent if and only if the change commits (a transactional outbox). The worker sends it.
 */
export async function queueWebhookEvent(
	trx: Trx,
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

async function requireWebhook(db: Database, project: ProjectAccess, webhookId: number): Promise<void> {
	requireAllowed(project, 'manage');
	const found = await db.selectFrom('webhooks').select('id').where('id', '=', webhookId).where('projectId', '=', project.id).executeTakeFirst();
	if (!found) throw new DomainError('not_found', 'This webhook no longer exists.', 'webhookId');
}

/** Queues a `webhook.test` event for one webhook; the worker sends it at once. */
export async function sendTestEvent(db: Database, project: ProjectAccess, input: Input<typeof webhookTargetSchema>): Promise<void> {
	requireAllowed(project, 'manage');
	const { webhookId } = validate(webhookTargetSchema, input);
	await requireWebhook(db, project, webhookId);
	await inTransaction(db, (trx) => queueWebhookEvent(trx, { type: 'webhook.test', projectId: project.id, document: null, version: null, webhookId }));
}

/** Makes a pending or failed delivery due now; a failed one gets one more attempt. */
export async function retryDelivery(db: Database, project: ProjectAccess, input: Input<typeof deliveryTargetSchema>): Promise<void> {
	requireAllowed(project, 'manage');
	const { webhookId, deliveryId } = validate(deliveryTargetSchema, input);
	await requireWebhook(db, project, webhookId);
	const updated = await db
		.updateTable('webhookDeliveries')
		.set({ status: 'pending', nextAttemptAt: new Date() })
		.where('id', '=', deliveryId)
		.where('webhookId', '=', webhookId)
		.where('status', '!=', 'delivered')
		// Not while an attempt is under way (claimed, not yet logged): that would send it twice.
		.where(({ eb, selectFrom }) =>
			eb(
				'attempts',
				'=',
				selectFrom('webhookAttempts')
					.select((e) => e.fn.countAll<number>().as('n'))
					.whereRef('webhookAttempts.deliveryId', '=', 'webhookDeliveries.id')
			)
		)
		.executeTakeFirst();
	if (updated.numUpdatedRows === 0n) {
		const exists = await db.selectFrom('webhookDeliveries').select('id').where('id', '=', deliveryId).where('webhookId', '=', webhookId).executeTakeFirst();
		if (!exists) throw new DomainError('not_found', 'This delivery no longer exists.', 'deliveryId');
		throw new DomainError('conflict', 'This delivery was already delivered or is being sent right now.');
	}
}

/** The newest deliveries of a webhook with every attempt, newest first. */
export async function listDeliveries(db: Database, project: ProjectAccess, webhookId: number, limit = 20): Promise<Delivery[]> {
	requireAllowed(project, 'manage');
	const projectId = project.id;
	const deliveries = await db
		.selectFrom('webhookDeliveries as d')
		.innerJoin('webhooks as w', 'w.id', 'd.webhookId')
		.select(['d.id', 'd.eventId', 'd.eventType', 'd.status', 'd.attempts', 'd.nextAttemptAt', 'd.createdAt'])
		.where('w.projectId', '=', projectId)
		.where('d.webhookId', '=', webhookId)
		.orderBy('d.id', 'desc')
		.limit(limit)
		.execute();
	if (deliveries.length === 0) return [];
	const attempts = await db
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
