import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import * as projects from '$lib/server/projects/projects';
import * as assignments from '$lib/server/assignments/assignments';
import * as worklists from '$lib/server/assignments/worklists';
import { documentRowJson } from '$lib/server/assignments/json';
import { parseSort, sortDocuments } from '$lib/assignments/sort';
import { dayAt } from '$lib/assignments/due';
import type { ProjectRole } from '$lib/server/db/schema.generated';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await projectForPage(event);
	const sort = parseSort(event.url.searchParams);
	const [members, docs, people] = await Promise.all([
		projects.listMembers(db, project),
		worklists.projectDocuments(db, project),
		assignments.assignableMembers(db, project)
	]);
	const names: Record<ProjectRole, string[]> = { owner: [], translator: [], reviewer: [] };
	for (const m of members) names[m.role].push(m.name);
	return {
		project: projects.projectHeader(project),
		team: { owners: names.owner.length, translators: names.translator.length, reviewers: names.reviewer.length },
		owners: names.owner,
		may: project.may,
		sort,
		today: dayAt(new Date()),
		people,
		documents: sortDocuments(docs.map(documentRowJson), sort)
	};
};

export const actions: Actions = {
	assign: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const { title } = await assignments.assignFromForm(db, project, values);
			return { assigned: `Saved who works on “${title}” and by when.` };
		} catch (e) {
			return failFrom(e, { documentId: values.documentId ?? '' }, values);
		}
	}
};
