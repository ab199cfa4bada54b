import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { visitor } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import { startBrowserSession } from '$lib/server/auth/login';
import * as users from '$lib/server/accounts/users';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/projects');
};

export const actions: Actions = {
	default: async (event) => {
		const values = await formValues(event);
		let user;
		try {
			user = await users.createUser(visitor().db, values);
		} catch (e) {
			// The password is never sent back to the page.
			return failFrom(e, {}, { name: values.name ?? '', email: values.email ?? '' });
		}
		await startBrowserSession(user.id, event.locals.session?.id ?? null, event.cookies, event.url);
		redirect(303, '/projects');
	}
};
