import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/sessions';
import { projectForPage, projectOwnerForPage } from '$lib/server/http/access';
import { DomainError } from '$lib/server/errors';
import { failFrom, formValues } from '$lib/server/http/actions';
import * as projects from '$lib/server/projects/projects';
import * as publications from '$lib/server/publishing/publications';
import * as review from '$lib/server/review/review';
import { fieldErrors, memberInputSchema, projectRoleSchema } from '$lib/validation';

export const load: PageServerLoad = async (event) => {
	const { user, project } = await projectForPage(event);
	const [members, fourEyes, maxUnmodifiedMt] = await Promise.all([
		projects.listMembers(project.id),
		review.fourEyesOf(project.id),
		publications.maxUnmodifiedMtOf(project.id)
	]);
	return {
		fourEyes,
		maxUnmodifiedMt,
		project: { slug: project.slug, name: project.name, sourceLang: project.sourceLang, targetLang: project.targetLang, role: project.role },
		me: user.id,
		members: members.map((m) => ({ ...m, addedAt: m.addedAt.toISOString() }))
	};
};

function memberId(form: FormData): number | null {
	const id = Number(form.get('userId'));
	return Number.isInteger(id) && id > 0 ? id : null;
}


export const actions: Actions = {
	fourEyes: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const { fourEyes } = await review.setFourEyes(db, project, values);
			return { changed: fourEyes ? 'Four-eyes review is on.' : 'Four-eyes review is off.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	publishLimit: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const { maxUnmodifiedMt: limit } = await publications.setMaxUnmodifiedMt(db, project, values);
			return { changed: limit === null ? 'Publishing has no limit on unmodified MT.' : `Documents with more than ${Math.round(limit * 1000) / 10} % unmodified MT are not published.` };
		} catch (e) {
			// The form shows this refusal beside the field, with what was typed.
			if (e instanceof DomainError && e.field === 'maxUnmodifiedMt') return fail(400, { limit: { value: values.maxUnmodifiedMt ?? '', error: e.message } });
			return failFrom(e, {}, values);
		}
	},
	add: async (event) => {
		const { user, project } = await projectOwnerForPage(event);
		const form = await event.request.formData();
		const values = { email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') };
		const parsed = memberInputSchema.safeParse(values);
		if (!parsed.success) return fail(400, { add: { values, errors: fieldErrors(parsed.error) } });
		try {
			const member = await projects.addMember(project.id, parsed.data.email, parsed.data.role, user.id);
			return { added: `${member.name} (${member.email}) joined as ${member.role}.` };
		} catch (e) {
			if (e instanceof DomainError && e.field) return fail(400, { add: { values, errors: { [e.field]: e.message } } });
			return failFrom(e, {});
		}
	},
	role: async (event) => {
		const { user, project } = await projectOwnerForPage(event);
		const form = await event.request.formData();
		const userId = memberId(form);
		const role = projectRoleSchema.safeParse(form.get('role'));
		if (!userId || !role.success) return fail(400, { message: 'Choose a member and a role.' });
		try {
			await projects.changeMemberRole(project.id, userId, role.data, user.id);
			return { changed: 'Role updated.' };
		} catch (e) {
			return failFrom(e, {});
		}
	},
	remove: async (event) => {
		const { user, project } = await projectOwnerForPage(event);
		const userId = memberId(await event.request.formData());
		if (!userId) return fail(400, { message: 'Choose a member to remove.' });
		try {
			await projects.removeMember(project.id, userId, user.id);
		} catch (e) {
			return failFrom(e, {});
		}
		// An owner who removed themselves can no longer see this page.
		if (userId === user.id) redirect(303, '/projects');
		return { changed: 'Member removed.' };
	}
};
