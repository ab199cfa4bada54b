import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, idParam, requireApiUser } from './api';
import * as projects from '../projects/projects';
import type { AuthUser } from '../auth/sessions';

/** The caller and the project named by the route's id; 404 for non-members, as everywhere. */
export async function projectForApi(event: RequestEvent): Promise<{ user: AuthUser; project: projects.ProjectWithRole }> {
	const user = requireApiUser(event);
	const project = await projects.findProjectForMember({ id: idParam(event.params.id) }, user.id);
	if (!project) throw new ApiError(404, 'not_found', 'No such project.');
	return { user, project };
}
