import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import * as documents from '$lib/server/documents/documents';
import * as deletion from '$lib/server/documents/deletion';
import { documentHeader } from '$lib/server/review/header';

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	const [header, footprint] = await Promise.all([documentHeader(db, doc), deletion.documentFootprint(db, doc)]);
	return { ...header, footprint, may: { manage: doc.may.manage_documents } };
};

export const actions: Actions = {
	rename: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			const renamed = await documents.renameDocument(db, doc, values);
			return { renamed: renamed.title };
		} catch (e) {
			return failFrom(e, { action: 'rename' }, values);
		}
	},
	delete: async (event) => {
		const { db, doc } = await documentForPage(event);
		try {
			await deletion.deleteDocument(db, doc);
		} catch (e) {
			return failFrom(e, { action: 'delete' });
		}
		redirect(303, `/projects/${doc.project.slug}`);
	}
};
