import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { projectForPage } from '$lib/server/http/access';
import { failFrom, formValues } from '$lib/server/http/actions';
import { newIdempotencyKey } from '$lib/server/db/idempotency';
import { DomainError } from '$lib/server/errors';
import * as projects from '$lib/server/projects/projects';
import * as embedding from '$lib/server/projects/embedding';
import * as publications from '$lib/server/publishing/publications';
import * as review from '$lib/server/review/review';
import * as qaSettings from '$lib/server/qa/settings';
import * as mtEngines from '$lib/server/mt/engines';
import { engineChoiceJson } from '$lib/server/mt/json';
import { percent } from '$lib/text/percent';

export const load: PageServerLoad = async (event) => {
	const { db, user, project } = await projectForPage(event);
	const [members, fourEyes, maxUnmodifiedMt, embeddable, qaLevels, mt] = await Promise.all([
		projects.listMembers(db, project),
		review.fourEyesOf(db, project.id),
		publications.maxUnmodifiedMtOf(db, project.id),
		embedding.publicEmbeddingOf(db, project.id),
		qaSettings.qaLevels(db, project),
		mtEngines.projectEngineChoice(db, project)
	]);
	return {
		fourEyes,
		maxUnmodifiedMt,
		embeddable,
		mt: { engine: engineChoiceJson(mt.current), engines: mt.engines.map(engineChoiceJson) },
		qaChecks: qaSettings.ALL_CHECKS.map((c) => ({ id: c.id, label: c.label, default: c.severity, level: qaLevels[c.id] ?? c.severity })),
		project: projects.projectHeader(project),
		idempotencyKey: newIdempotencyKey(),
		me: user.id,
		members: members.map((m) => ({ ...m, addedAt: m.addedAt.toISOString() }))
	};
};

export const actions: Actions = {
	qaLevels: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await qaSettings.setQaSeverities(db, project, qaSettings.severitiesFromForm(values));
			return { changed: 'QA check levels saved.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
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
			return {
				changed: limit === null ? 'Publishing has no limit on unmodified MT.' : `Documents with more than ${percent(limit)} unmodified MT are not published.`
			};
		} catch (e) {
			// The form shows this refusal beside the field, with what was typed.
			if (e instanceof DomainError && e.field === 'maxUnmodifiedMt') return fail(400, { limit: { value: values.maxUnmodifiedMt ?? '', error: e.message } });
			return failFrom(e, {}, values);
		}
	},
	mtEngine: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const { engine } = await mtEngines.setProjectEngine(db, project, { engineId: mtEngines.engineIdFromForm(values.engineId) });
			return { changed: engine ? `Machine translation now comes from ${engine.name}.` : 'This project uses no machine translation engine now.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	embedding: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			const { embeddable } = await embedding.setPublicEmbedding(db, project, values);
			return { changed: embeddable ? 'Other sites may now embed the public pages.' : 'Other sites can no longer embed the public pages.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	add: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		// Every answer carries the key for the next addition.
		const idempotencyKey = newIdempotencyKey();
		try {
			const member = await projects.addMember(db, project, values);
			return { idempotencyKey, added: `${member.name} (${member.email}) joined as ${member.role}.` };
		} catch (e) {
			return failFrom(e, { add: true, idempotencyKey }, values);
		}
	},
	role: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		try {
			await projects.changeMemberRole(db, project, values);
			return { changed: 'Role updated.' };
		} catch (e) {
			return failFrom(e, {}, values);
		}
	},
	remove: async (event) => {
		const { db, project } = await projectForPage(event);
		const values = await formValues(event);
		let removed;
		try {
			removed = await projects.removeMember(db, project, values);
		} catch (e) {
			return failFrom(e, {}, values);
		}
		// An owner who removed themselves can no longer see this page.
		if (removed.removedSelf) redirect(303, '/projects');
		return { changed: 'Member removed.' };
	}
};
