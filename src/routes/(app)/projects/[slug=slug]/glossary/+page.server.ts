import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import * as projects from '$lib/server/projects/projects';
import * as glossary from '$lib/server/glossary/glossary';
import * as entries from '$lib/server/glossary/entries';
import * as files from '$lib/server/glossary/files';
import { readGlossaryUpload } from '$lib/server/glossary/request';
import { entryJson } from '$lib/server/glossary/json';

export const load: PageServerLoad = async (event) => {
	const { db, user, project } = await projectForPage(event);
	const search = { q: event.url.searchParams.get('q'), status: event.url.searchParams.get('status') || null };
	try {
		const listing = await glossary.listEntries(db, project, search);
		return {
			project: projects.projectHeader(project),
			me: user.id,
			q: search.q ?? '',
			status: search.status ?? '',
			editing: Number(event.url.searchParams.get('edit')) || null,
			entries: listing.entries.map(entryJson),
			proposals: listing.proposals.map(entryJson),
			total: listing.total,
			matching: listing.matching,
			limit: glossary.LIST_LIMIT
		};
	} catch (e) {
		errorPageFrom(e);
	}
};

// A checkbox left unticked sends nothing; an edit must still be able to clear it.
const withCase = (values: Record<string, string>) => ({ ...values, caseSensitive: values.caseSensitive ?? 'off' });

export const actions: Actions = {
	add: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const entry = await entries.addEntry(db, project, values);
			return {
				done: entry.proposed
					? `Proposed “${entry.source}” → “${entry.target}”. An owner will accept or reject it.`
					: `Added “${entry.source}” → “${entry.target}”.`
			};
		} catch (e) {
			return failFrom(e, { form: 'add' }, values);
		}
	},
	saveEntry: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const entry = await entries.updateEntry(db, project, withCase(values));
			return { done: `Saved “${entry.source}” → “${entry.target}”.`, saved: entry.id };
		} catch (e) {
			return failFrom(e, { form: 'saveEntry', entryId: Number(values.entryId) }, values);
		}
	},
	deleteEntry: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await entries.deleteEntry(db, project, values);
			return { done: 'Entry deleted.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	accept: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const entry = await entries.acceptProposal(db, project, values);
			return { done: `Accepted “${entry.source}” → “${entry.target}”.` };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	reject: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await entries.rejectProposal(db, project, values);
			return { done: 'Proposal rejected.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	preview: async (event) => {
		const { db, project } = await projectForPage(event);
		const upload = await readGlossaryUpload((await event.request.formData()).get('file'));
		if (!upload.ok) return fail(upload.status, { form: 'import', message: upload.message });
		try {
			const preview = await files.previewImport(db, project, upload);
			return { form: 'import', preview, file: { name: upload.name, text: upload.text, format: upload.format } };
		} catch (e) {
			return failFrom(e, { form: 'import' });
		}
	},
	import: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const result = await files.importGlossary(db, project, values);
			return { form: 'import', imported: result };
		} catch (e) {
			return failFrom(e, { form: 'import' });
		}
	}
};
