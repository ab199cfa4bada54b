import type { PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';
import * as documents from '$lib/server/documents/documents';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await projectForPage(event);
	const [members, docs] = await Promise.all([projects.listMembers(project.id), documents.listDocuments(db, project.id)]);
	const count = (role: string) => members.filter((m) => m.role === role).length;
	return {
		project: {
			id: project.id,
			slug: project.slug,
			name: project.name,
			sourceLang: project.sourceLang,
			targetLang: project.targetLang,
			role: project.role,
			createdAt: project.createdAt.toISOString()
		},
		team: { owners: count('owner'), translators: count('translator'), reviewers: count('reviewer') },
		owners: members.filter((m) => m.role === 'owner').map((m) => m.name),
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
