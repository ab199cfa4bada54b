import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appState } from '$lib/server/startup';
import { visitor } from '$lib/server/http/access';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/demo/demo';
import { failFrom, formValues } from '$lib/server/http/actions';
import * as login from '$lib/server/auth/login';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, login.safeRedirectTarget(url.searchParams.get('redirectTo'), url));
	const { demoMode } = await appState();
	return {
		demo: demoMode ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.projectRole })) } : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const values = await formValues(event);
		// The password is never sent back to the page.
		const echoed = { email: (values.email ?? '').trim() };
		let user;
		try {
			user = await login.logIn(visitor().db, values, event.getClientAddress());
		} catch (e) {
			return failFrom(e, echoed, echoed);
		}
		await login.startBrowserSession(user.id, event.locals.session?.id ?? null, event.cookies, event.url);
		redirect(303, login.safeRedirectTarget(event.url.searchParams.get('redirectTo'), event.url));
	}
};
