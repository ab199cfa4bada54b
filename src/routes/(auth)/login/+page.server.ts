import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { appState } from '$lib/server/startup';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/demo/demo';
import * as users from '$lib/server/accounts/users';
import * as rateLimit from '$lib/server/auth/rate-limit';
import { safeRedirectTarget, startBrowserSession } from '$lib/server/auth/login';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	const { demoMode } = await appState();
	return {
		demo: demoMode ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.projectRole })) } : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, message: 'Enter your email address and password.' });

		const address = getClientAddress();
		const gate = await rateLimit.checkLoginAllowed(email, address);
		if (!gate.allowed) return fail(429, { email, message: gate.message });

		const result = await users.checkCredentials(email, password);
		if (!result.ok) {
			if (result.reason === 'disabled') {
				return fail(403, { email, message: 'This account has been disabled. Ask an administrator to enable it.' });
			}
			await rateLimit.recordLoginFailure(email, address);
			return fail(400, { email, message: 'Wrong email or password.' });
		}
		await rateLimit.clearLoginFailures(email);
		await startBrowserSession(result.user.id, locals.session?.id ?? null, cookies, url);
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	}
};
