import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import { newIdempotencyKey } from '$lib/server/db/idempotency';
import type { Database } from '$lib/server/db/db';
import type { ProjectAccess } from '$lib/server/projects/projects';
import * as webhooks from '$lib/server/webhooks/webhooks';
import { kickDeliveryWorker } from '$lib/server/webhooks/delivery';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await projectForPage(event);
	let hooks, logs;
	try {
		hooks = await webhooks.listWebhooks(db, project);
		logs = await Promise.all(hooks.map((h) => webhooks.listDeliveries(db, project, h.id)));
	} catch (e) {
		errorPageFrom(e);
	}
	return {
		allowedTargets: webhooks.allowedTargets(),
		idempotencyKey: newIdempotencyKey(),
		project: projects.projectHeader(project),
		webhooks: hooks.map((h, i) => ({
			id: h.id,
			label: h.label,
			url: h.url,
			createdAt: h.createdAt.toISOString(),
			deliveries: logs[i].map((d) => ({
				id: d.id,
				eventType: d.eventType,
				status: d.status,
				nextAttemptAt: d.nextAttemptAt.toISOString(),
				createdAt: d.createdAt.toISOString(),
				log: d.log.map((a) => ({ ...a, attemptedAt: a.attemptedAt.toISOString() }))
			}))
		}))
	};
};

/** An action on one webhook or delivery: the verb, then the delivery worker when asked, then what the page says. */
function webhookAction(work: (db: Database, project: ProjectAccess, values: Record<string, string>) => Promise<void>, changed: string, kick = false) {
	return async (event: RequestEvent) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await work(db, project, values);
		} catch (e) {
			return failFrom(e, {}, values);
		}
		if (kick) await kickDeliveryWorker(3_000);
		return { changed };
	};
}

export const actions: Actions = {
	create: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		// Every answer carries the key for the next registration.
		const idempotencyKey = newIdempotencyKey();
		try {
			const { webhook, secret } = await webhooks.createWebhook(db, project, values);
			return { idempotencyKey, created: { id: webhook.id, label: webhook.label, secret } };
		} catch (e) {
			return failFrom(e, { create: true, idempotencyKey }, values);
		}
	},
	delete: webhookAction(webhooks.deleteWebhook, 'Webhook deleted.'),
	test: webhookAction(webhooks.sendTestEvent, 'Test event sent; its result is in the delivery log.', true),
	retry: webhookAction(webhooks.retryDelivery, 'Retried; the result is in the delivery log.', true)
};
