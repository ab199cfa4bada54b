import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import { newIdempotencyKey } from '$lib/server/db/idempotency';
import * as tokens from '$lib/server/auth/tokens';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	const list = await tokens.listApiTokens(db, user);
	return {
		account: { name: user.name, email: user.email, role: user.role },
		idempotencyKey: newIdempotencyKey(),
		tokens: list.map((t) => ({
			id: t.id,
			label: t.label,
			hint: t.hint,
			createdAt: t.createdAt.toISOString(),
			lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
			revokedAt: t.revokedAt?.toISOString() ?? null
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { db, user } = pageCaller(event);
		const values = await formValues(event);
		// Every answer carries the key for the next creation: this one is used or refused.
		const idempotencyKey = newIdempotencyKey();
		try {
			const { token, summary } = await tokens.createApiToken(db, user, values);
			// The only time the plain token leaves the server.
			return { idempotencyKey, created: { token, label: summary.label } };
		} catch (e) {
			return failFrom(e, { idempotencyKey }, { label: values.label ?? '' });
		}
	},
	revoke: async (event) => {
		const { db, user } = pageCaller(event);
		const values = await formValues(event);
		try {
			await tokens.revokeApiToken(db, user, values);
			return { revoked: true };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	}
};
