import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { projectForPage } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';
import * as documents from '$lib/server/documents/documents';
import { can } from '$lib/server/permissions';

export const load: PageServerLoad = async (event) => {
	const { db, user, project } = await projectForPage(event);
	const [members, docs] = await Promise.all([projects.listMembers(db, project), documents.listDocuments(project.id)]);
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
		canImport: can(project.role, 'import'),
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
