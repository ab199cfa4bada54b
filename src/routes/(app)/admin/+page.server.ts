import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, type Caller } from '$lib/server/http/access';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import * as users from '$lib/server/accounts/users';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	try {
		const list = await users.listUsers(db, user);
		return { me: user.id, users: list.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })) };
	} catch (e) {
		errorPageFrom(e, 'Only administrators can open this page.');
	}
};

/** One admin action: the verb with the form's values, and what the page says once it is done. */
function adminAction(work: (caller: Caller, values: Record<string, string>) => Promise<void>, done: string) {
	return async (event: RequestEvent) => {
		const caller = pageCaller(event);
		const values = await formValues(event);
		try {
			await work(caller, values);
			return { done };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	};
}

export const actions: Actions = {
	role: adminAction(({ db, user }, values) => users.setUserRole(db, user, values), 'Role updated.'),
	disable: adminAction(({ db, user }, values) => users.disableUser(db, user, values), 'User disabled and logged out everywhere.'),
	enable: adminAction(({ db, user }, values) => users.enableUser(db, user, values), 'User enabled.')
};
