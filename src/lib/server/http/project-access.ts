import { error } from '@sveltejs/kit';
import type { AuthUser } from '../auth/sessions';
import * as projects from '../projects/projects';

/** The project for a member; 404 for everyone else so project names do not leak. */
export async function requireProjectMember(user: AuthUser, slug: string): Promise<projects.ProjectWithRole> {
	const project = await projects.findProjectForMember({ slug }, user.id);
	if (!project) error(404, { message: 'Project not found.' });
	return project;
}

export async function requireProjectOwner(user: AuthUser, slug: string): Promise<projects.ProjectWithRole> {
	const project = await requireProjectMember(user, slug);
	if (project.role !== 'owner') error(403, { message: 'Only project owners can do this.' });
	return project;
}
