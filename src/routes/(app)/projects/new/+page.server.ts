import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import * as projects from '$lib/server/projects/projects';
import { fieldErrors, projectInputSchema } from '$lib/validation';

export const load: PageServerLoad = (event) => {
	requireUser(event);
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			sourceLang: String(form.get('sourceLang') ?? ''),
			targetLang: String(form.get('targetLang') ?? '')
		};
		const parsed = projectInputSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const project = await projects.createProject(user.id, parsed.data);
		redirect(303, `/projects/${project.slug}`);
	}
};
