import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/http/access';
import * as projects from '$lib/server/projects/projects';

export const load: PageServerLoad = async (event) => {
	const { db, user } = pageCaller(event);
	const list = await projects.listProjectsForUser(db, user);
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
