import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import { errorPageFrom, failFrom, formValues } from '$lib/server/http/actions';
import { jobJson } from '$lib/server/http/json';
import * as projects from '$lib/server/projects/projects';
import * as jobs from '$lib/server/jobs/jobs';
import * as tm from '$lib/server/tm/tm';
import * as shares from '$lib/server/tm/shares';
import * as upload from '$lib/server/tm/tmx-upload';
import { sharesJson, tmSettingsJson, tmxImportJson } from '$lib/server/tm/json';

export const load: PageServerLoad = async (event) => {
	const { db, user, project } = await projectForPage(event);
	try {
		const [settings, shared] = await Promise.all([tm.tmSettings(db, project), shares.listShares(db, project)]);
		// ?job= names an import that became a job, so that a reload (or a browser without JavaScript) shows it.
		const jobId = Number(event.url.searchParams.get('job'));
		const job = Number.isSafeInteger(jobId) && jobId > 0 && jobId <= 2_147_483_647 ? await jobs.findJobForMember(db, user, jobId) : null;
		return {
			project: projects.projectHeader(project),
			settings: tmSettingsJson(settings),
			shares: sharesJson(shared).shares,
			job: job && job.projectId === project.id && job.kind === 'tmx_import' ? jobJson(job) : null,
			maxBytes: upload.maxTmxBytes()
		};
	} catch (e) {
		errorPageFrom(e);
	}
};

export const actions: Actions = {
	import: async (event) => {
		const { db, project } = await projectForPage(event);
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { form: 'import', message: 'Choose a TMX file to import.' });
		try {
			const outcome = await upload.receiveTmx(db, project, file.stream(), file.size);
			if (outcome.kind === 'job') return { form: 'import', jobId: outcome.jobId, name: file.name };
			return { form: 'import', result: tmxImportJson(outcome.result), name: file.name };
		} catch (e) {
			return failFrom(e, { form: 'import' });
		}
	},
	settings: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const saved = await tm.setTmSettings(db, project, values);
			const prefill = saved.prefillScore === null ? 'segments are not pre-filled' : `segments are pre-filled from ${saved.prefillScore} %`;
			return { form: 'settings', changed: `Matches are shown from ${saved.minScore} %; ${prefill}.` };
		} catch (e) {
			return failFrom(e, { form: 'settings' }, values);
		}
	},
	share: async (event) => {
		const { db, user, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await shares.shareMemory(db, user, { projectId: project.id, sourceProjectId: values.sourceProjectId });
			return { form: 'shares', changed: 'This project now reads that memory too.' };
		} catch (e) {
			return failFrom(e, { form: 'shares' }, values);
		}
	},
	unshare: async (event) => {
		const { db, user, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await shares.unshareMemory(db, user, { projectId: project.id, sourceProjectId: values.sourceProjectId });
			return { form: 'shares', changed: 'This project no longer reads that memory.' };
		} catch (e) {
			return failFrom(e, { form: 'shares' }, values);
		}
	}
};
