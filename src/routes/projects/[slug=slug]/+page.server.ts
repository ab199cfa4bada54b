import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth';
import { requireProjectMember } from '$lib/server/project-access';
import * as projects from '$lib/server/projects';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const project = await requireProjectMember(user, event.params.slug);
	const members = await projects.listMembers(project.id);
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
		owners: members.filter((m) => m.role === 'owner').map((m) => m.name)
	};
};
