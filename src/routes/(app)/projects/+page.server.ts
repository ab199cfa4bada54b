import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import * as projects from '$lib/server/projects/projects';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const list = await projects.listProjectsForUser(user.id);
	return {
		projects: list.map((p) => ({
			slug: p.slug,
			name: p.name,
			sourceLang: p.sourceLang,
			targetLang: p.targetLang,
			role: p.role,
			memberCount: p.memberCount
		}))
	};
};
