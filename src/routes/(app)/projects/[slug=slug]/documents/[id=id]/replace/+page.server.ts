import type { Actions, PageServerLoad } from './$types';
import { documentForPage } from '$lib/server/http/access';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import * as replace from '$lib/server/documents/replace';
import { documentHeader } from '$lib/server/review/header';

export const load: PageServerLoad = async (event) => {
	const { db, doc } = await documentForPage(event);
	try {
		return { ...(await documentHeader(db, doc)), mode: replace.replaceMode(doc), limits: replace.REPLACE_LIMITS };
	} catch (e) {
		return errorPageFrom(e);
	}
};

export const actions: Actions = {
	preview: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			return { preview: await replace.previewReplace(db, doc, values) };
		} catch (e) {
			return failFrom(e, { action: 'preview' }, values);
		}
	},
	replace: async (event) => {
		const { db, doc } = await documentForPage(event);
		const values = await formValues(event);
		try {
			return { result: await replace.replaceAll(db, doc, values) };
		} catch (e) {
			return failFrom(e, { action: 'replace' }, values);
		}
	}
};
