import * as projects from '$lib/server/projects/projects';
import type { PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import * as audit from '$lib/server/activity/audit';

export const load: PageServerLoad = async (event) => {
	const { db, project } = await projectForPage(event);
	const events = await audit.listAudit(db, { projectId: project.id });
	return {
		project: projects.projectHeader(project),
		events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))
	};
};
