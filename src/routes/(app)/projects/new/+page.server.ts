import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import { newIdempotencyKey } from '$lib/server/db/idempotency';
import * as projects from '$lib/server/projects/projects';

export const load: PageServerLoad = (event) => {
	pageCaller(event);
	return { idempotencyKey: newIdempotencyKey() };
};

export const actions: Actions = {
	default: async (event) => {
		const { db, user } = pageCaller(event);
		const values = await formValues(event);
		let project;
		try {
			// A double click sends this twice with one key: both get the one project it made.
			project = await projects.createProject(db, user, values);
		} catch (e) {
			return failFrom(e, { idempotencyKey: newIdempotencyKey() }, values);
		}
		redirect(303, `/projects/${project.slug}`);
	}
};
