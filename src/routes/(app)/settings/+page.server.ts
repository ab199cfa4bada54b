import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { DomainError } from '$lib/server/errors';
import * as tokens from '$lib/server/auth/tokens';
import { tokenLabelSchema } from '$lib/validation';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const list = await tokens.listApiTokens(user.id);
	return {
		account: { name: user.name, email: user.email, role: user.role },
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
		const user = requireUser(event);
		const form = await event.request.formData();
		const label = tokenLabelSchema.safeParse(String(form.get('label') ?? ''));
		if (!label.success) return fail(400, { message: label.error.issues[0]?.message ?? 'Invalid label.' });
		const { token, summary } = await tokens.createApiToken(user.id, label.data);
		// The only time the plain token leaves the server.
		return { created: { token, label: summary.label } };
	},
	revoke: async (event) => {
		const user = requireUser(event);
		const id = Number((await event.request.formData()).get('tokenId'));
		if (!Number.isInteger(id) || id <= 0) return fail(400, { message: 'Choose a token to revoke.' });
		try {
			await tokens.revokeApiToken(user.id, id);
		} catch (e) {
			if (e instanceof DomainError) return fail(404, { message: e.message });
			throw e;
		}
		return { revoked: true };
	}
};
