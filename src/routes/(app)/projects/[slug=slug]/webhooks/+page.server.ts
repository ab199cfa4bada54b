import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { projectOwnerForPage } from '$lib/server/http/access';
import { DomainError } from '$lib/server/errors';
import { failFrom } from '$lib/server/http/actions';
import * as webhooks from '$lib/server/webhooks/webhooks';
import { kickDeliveryWorker } from '$lib/server/webhooks/delivery';

export const load: PageServerLoad = async (event) => {
	const { user, project } = await projectOwnerForPage(event);
	const hooks = await webhooks.listWebhooks(project.id);
	const logs = await Promise.all(hooks.map((h) => webhooks.listDeliveries(project.id, h.id)));
	return {
		allowedTargets: webhooks.allowedTargets(),
		project: { slug: project.slug, name: project.name, sourceLang: project.sourceLang, targetLang: project.targetLang, role: project.role },
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

const idOf = (form: FormData, name: string): number | null => {
	const id = Number(form.get(name));
	return Number.isInteger(id) && id > 0 ? id : null;
};

async function ownerAndForm(event: RequestEvent) {
	const { user, project } = await projectOwnerForPage(event);
	return { user, project, form: await event.request.formData() };
}

export const actions: Actions = {
	create: async (event) => {
		const { user, project, form } = await ownerAndForm(event);
		const values = { label: String(form.get('label') ?? ''), url: String(form.get('url') ?? '') };
		try {
			const { webhook, secret } = await webhooks.createWebhook(project, user.id, values);
			return { created: { id: webhook.id, label: webhook.label, secret } };
		} catch (e) {
			if (e instanceof DomainError && e.field) return fail(400, { create: { values, errors: { [e.field]: e.message } } });
			return failFrom(e, {});
		}
	},
	delete: async (event) => {
		const { user, project, form } = await ownerAndForm(event);
		const webhookId = idOf(form, 'webhookId');
		if (!webhookId) return fail(400, { message: 'Choose a webhook to delete.' });
		try {
			await webhooks.deleteWebhook(project, user.id, webhookId);
			return { changed: 'Webhook deleted.' };
		} catch (e) {
			return failFrom(e, {});
		}
	},
	test: async (event) => {
		const { project, form } = await ownerAndForm(event);
		const webhookId = idOf(form, 'webhookId');
		if (!webhookId) return fail(400, { message: 'Choose a webhook to test.' });
		try {
			await webhooks.sendTestEvent(project, webhookId);
		} catch (e) {
			return failFrom(e, {});
		}
		await kickDeliveryWorker(3_000);
		return { changed: 'Test event sent; its result is in the delivery log.' };
	},
	retry: async (event) => {
		const { project, form } = await ownerAndForm(event);
		const webhookId = idOf(form, 'webhookId');
		const deliveryId = idOf(form, 'deliveryId');
		if (!webhookId || !deliveryId) return fail(400, { message: 'Choose a delivery to retry.' });
		try {
			await webhooks.retryDelivery(project, webhookId, deliveryId);
		} catch (e) {
			return failFrom(e, {});
		}
		await kickDeliveryWorker(3_000);
		return { changed: 'Retried; the result is in the delivery log.' };
	}
};
