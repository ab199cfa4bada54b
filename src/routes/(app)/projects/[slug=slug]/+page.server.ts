import type { PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';
import * as documents from '$lib/server/documents/documents';
import type { ProjectRole } from '$lib/server/db/schema.generated';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await projectForPage(event);
	const [members, docs] = await Promise.all([projects.listMembers(db, project), documents.listDocuments(db, project.id)]);
	const names: Record<ProjectRole, string[]> = { owner: [], translator: [], reviewer: [] };
	for (const m of members) names[m.role].push(m.name);
	return {
		project: projects.projectHeader(project),
		team: { owners: names.owner.length, translators: names.translator.length, reviewers: names.reviewer.length },
		owners: names.owner,
		may: project.may,
		documents: docs.map((d) => ({
			id: d.id,
			title: d.title,
			segments: d.segmentCount,
			edited: d.editedCount,
			createdAt: d.createdAt.toISOString(),
			createdBy: d.createdBy
		}))
	};
};
