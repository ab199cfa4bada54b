import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as users from '$lib/server/accounts/users';
import { DomainError } from '$lib/server/errors';
import { startBrowserSession } from '$lib/server/auth/login';
import { fieldErrors, registrationSchema } from '$lib/validation';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/projects');
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const form = await request.formData();
		const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') };
		const parsed = registrationSchema.safeParse({ ...values, password: String(form.get('password') ?? '') });
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		let user;
		try {
			user = await users.createUser(parsed.data);
		} catch (e) {
			if (e instanceof DomainError && e.field) return fail(400, { values, errors: { [e.field]: e.message } });
			throw e;
		}
		await startBrowserSession(user.id, locals.session?.id ?? null, cookies, url);
		redirect(303, '/projects');
	}
};
