import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { visitor } from '$lib/server/http/access';
import { failFrom, formValues, sendRetryAfter } from '$lib/server/http/actions';
import * as login from '$lib/server/auth/login';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/projects');
};

export const actions: Actions = {
	default: async (event) => {
		const values = await formValues(event);
		let entry;
		try {
			entry = await login.register(visitor().db, values, event.getClientAddress());
		} catch (e) {
			sendRetryAfter(event, e);
			// The password is never sent back to the page.
			return failFrom(e, {}, { name: values.name ?? '', email: values.email ?? '' });
		}
		await login.startBrowserSession(entry, event.locals.session?.id ?? null, event.cookies, event.url);
		redirect(303, '/projects');
	}
};
