import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appState } from '$lib/server/startup';
import { visitor } from '$lib/server/http/access';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/demo/demo';
import { failFrom, formValues, sendRetryAfter } from '$lib/server/http/actions';
import { DEVICE_COOKIE } from '$lib/server/auth/devices';
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
		let entry;
		try {
			entry = await login.logIn(visitor().db, values, { address: event.getClientAddress(), deviceToken: event.cookies.get(DEVICE_COOKIE) ?? null });
		} catch (e) {
			sendRetryAfter(event, e);
			return failFrom(e, echoed, echoed);
		}
		await login.startBrowserSession(entry, event.locals.session?.id ?? null, event.cookies, event.url);
		redirect(303, login.safeRedirectTarget(event.url.searchParams.get('redirectTo'), event.url));
	}
};
