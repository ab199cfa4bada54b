import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { projectForPage } from '$lib/server/http/access';
import { can } from '$lib/server/permissions';
import * as documents from '$lib/server/documents/documents';
import { confirmedImport, previewImport } from '$lib/server/documents/form';
import { MAX_IMPORT_BYTES, formatBytes } from '$lib/import/upload';
import { MAX_SEGMENTS } from '$lib/import/document';

async function editableProject(event: RequestEvent<{ slug: string }>) {
	const { project } = await projectForPage(event);
	if (!can(project.role, 'import')) error(403, { message: 'Only owners and translators can import documents.' });
	return project;
}

export const load: PageServerLoad = async (event) => {
	const project = await editableProject(event);
	return {
		project: { slug: project.slug, name: project.name, sourceLang: project.sourceLang, targetLang: project.targetLang, role: project.role },
		limits: { fileSize: formatBytes(MAX_IMPORT_BYTES), segments: MAX_SEGMENTS }
	};
};

export const actions: Actions = {
	preview: async (event) => {
		await editableProject(event);
		const form = await event.request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			format: String(form.get('format') ?? 'auto'),
			source: String(form.get('source') ?? ''),
			translation: String(form.get('translation') ?? '')
		};
		const result = await previewImport(form);
		if (!result.ok) return fail(result.status, { values, field: result.field, message: result.message });
		return { preview: result };
	},
	create: async (event) => {
		const user = requireUser(event);
		const project = await editableProject(event);
		const confirmed = confirmedImport(await event.request.formData());
		if (!confirmed.ok) return fail(400, { createError: confirmed.message });
		const created = await documents.createDocument(project.id, user.id, confirmed.document);
		redirect(303, `/projects/${project.slug}/documents/${created.id}`);
	}
};
