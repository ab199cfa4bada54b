import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireAdmin } from '$lib/server/auth/sessions';
import { DomainError } from '$lib/server/errors';
import * as users from '$lib/server/accounts/users';
import { userRoleSchema } from '$lib/validation';

export const load: PageServerLoad = async (event) => {
	const admin = requireAdmin(event);
	const list = await users.listUsers();
	return {
		me: admin.id,
		users: list.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))
	};
};

function userIdFrom(form: FormData): number | null {
	const id = Number(form.get('userId'));
	return Number.isInteger(id) && id > 0 ? id : null;
}

async function attempt(work: () => Promise<void>, done: string) {
	try {
		await work();
		return { done };
	} catch (e) {
		if (e instanceof DomainError) return fail(e.code === 'not_found' ? 404 : 409, { message: e.message });
		throw e;
	}
}

export const actions: Actions = {
	role: async (event) => {
		requireAdmin(event);
		const form = await event.request.formData();
		const userId = userIdFrom(form);
		const role = userRoleSchema.safeParse(form.get('role'));
		if (!userId || !role.success) return fail(400, { message: 'Choose a user and a role.' });
		return attempt(() => users.setUserRole(userId, role.data), 'Role updated.');
	},
	disable: async (event) => {
		const admin = requireAdmin(event);
		const userId = userIdFrom(await event.request.formData());
		if (!userId) return fail(400, { message: 'Choose a user.' });
		return attempt(() => users.disableUser(userId, admin.id), 'User disabled and logged out everywhere.');
	},
	enable: async (event) => {
		requireAdmin(event);
		const userId = userIdFrom(await event.request.formData());
		if (!userId) return fail(400, { message: 'Choose a user.' });
		return attempt(() => users.enableUser(userId), 'User enabled.');
	}
};
