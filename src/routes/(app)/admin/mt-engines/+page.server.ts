import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, type Caller } from '$lib/server/http/access';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import { newIdempotencyKey } from '$lib/server/db/idempotency';
import { listServerAudit } from '$lib/server/activity/audit';
import * as engines from '$lib/server/mt/engines';
import * as mt from '$lib/server/mt/suggest';
import { serverSecret } from '$lib/server/mt/secret';
import { engineJson, engineTestJson } from '$lib/server/mt/json';
import { PROVIDER_LABELS, PROVIDERS } from '$lib/mt/providers';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	try {
		const [list, changes] = await Promise.all([engines.listEngines(db, user), listServerAudit(db, 'mt_engine.', 20)]);
		const secret = serverSecret();
		return {
			engines: list.map(engineJson),
			providers: PROVIDERS.map((id) => ({ id, label: PROVIDER_LABELS[id] })),
			keysRefused: secret.ok ? null : secret.reason,
			changes: changes.map((c) => ({ id: c.id, action: c.action, actor: c.actor, name: String(c.details.name ?? ''), createdAt: c.createdAt.toISOString() })),
			idempotencyKey: newIdempotencyKey()
		};
	} catch (e) {
		errorPageFrom(e, 'Only administrators can open this page.');
	}
};

function engineAction<T>(
	work: (caller: Caller, values: Record<string, string>) => Promise<T>,
	done: (result: T, values: Record<string, string>) => Record<string, unknown>,
	form: string
) {
	return async (event: RequestEvent) => {
		const caller = pageCaller(event);
		const values = await formValues(event);
		try {
			return done(await work(caller, values), values);
		} catch (e) {
			return failFrom(e, { form, engineId: values.engineId ?? null }, values);
		}
	};
}

export const actions: Actions = {
	create: engineAction(
		({ db, user }, values) => engines.createEngine(db, user, values),
		(e) => ({ done: `${e.name} added. Test its connection, then choose it for a project on the project's Members page.` }),
		'create'
	),
	update: engineAction(
		({ db, user }, values) => engines.updateEngine(db, user, values),
		(e) => ({ done: `${e.name} saved.` }),
		'update'
	),
	delete: engineAction(
		({ db, user }, values) => engines.deleteEngine(db, user, values),
		() => ({ done: 'Engine deleted; projects that used it have none now.' }),
		'delete'
	),
	test: engineAction(
		({ db, user }, values) => mt.testEngine(db, user, values),
		(t, values) => ({ tested: { engineId: Number(values.engineId), ...engineTestJson(t) } }),
		'test'
	)
};
