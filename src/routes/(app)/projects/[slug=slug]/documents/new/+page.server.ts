import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import * as documents from '$lib/server/documents/documents';
import { readConfirmedImport } from '$lib/import/input';

export const load: PageServerLoad = async (event) => {
	const { project } = await projectForPage(event);
	try {
		const { idempotencyKey, limits } = documents.newDocumentForm(project);
		return {
			project: projects.projectHeader(project),
			limits,
			idempotencyKey
		};
	} catch (e) {
		errorPageFrom(e);
	}
};

export const actions: Actions = {
	preview: async (event) => {
		const { project } = await projectForPage(event);
		const form = await event.request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			format: String(form.get('format') ?? 'auto'),
			source: String(form.get('source') ?? ''),
			translation: String(form.get('translation') ?? '')
		};
		try {
			const result = await documents.previewDocument(project, form);
			if (!result.ok) return fail(result.status, { values, field: result.field, message: result.message });
			return { preview: result };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	create: async (event) => {
		const { db, project } = await projectForPage(event);
		const read = readConfirmedImport(await formValues(event));
		if (!read.ok) return fail(read.status, { createError: read.message });
		let created: { id: number };
		try {
			created = await documents.createDocument(db, project, read.input);
		} catch (e) {
			return failFrom(e, { createError: e instanceof Error ? e.message : '' });
		}
		// A second submit of the same form (a double click) gets the same document.
		redirect(303, `/projects/${project.slug}/documents/${created.id}`);
	}
};
