import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { importAs } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import { pageOutcome as outcome, useTestServer } from '$lib/server/testing/http';
import { PROJECT_ACTIONS, type ProjectAction } from '$lib/server/permissions';
import * as auth from '$lib/server/auth/sessions';
import * as documents from '$lib/server/documents/documents';
import * as projects from '$lib/server/projects/projects';
import * as review from '$lib/server/review/review';
import * as users from '$lib/server/accounts/users';
import { blockFromPlainText } from '$lib/import/model';
import type { AuthUser } from '$lib/server/auth/sessions';
import { documentAs, segmentAs } from '$lib/server/testing/factories';

// The permission matrix on the pages' loads and form actions, as a browser sends them (session
// cookie, form post): the same table as the API (permissions.test.ts), with the pages' answers:
// a refusal is 403, a non-member 404, and someone not logged in is sent to the login page.

useTestDatabase();
const server = useTestServer();

const ACTORS = ['owner', 'translator', 'reviewer', 'outsider', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];

const people = {} as Record<Exclude<Actor, 'anonymous'>, AuthUser>;
const cookieOf = {} as Record<Actor, string | undefined>;
let project: { id: number; slug: string };

beforeAll(async () => {
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		people[who] = await users.createUser(getDb(), { email: `${who}@pages.test`, name: `The ${who}`, password: 'correct horse battery' });
		cookieOf[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(people[who].id)).token}`;
	}
	project = await projects.createProject(getDb(), people.owner, { name: 'Page matrix', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), people.owner, { id: project.id }))!, {
		email: people.translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), people.owner, { id: project.id }))!, {
		email: people.reviewer.email,
		role: 'reviewer'
	});
});

const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });

async function fixture(submitted: boolean) {
	const doc = await importAs(people.translator, project.id, {
		title: 'Fixture',
		format: 'text',
		source: [paragraph('黑龙江。')],
		translation: [paragraph('Heilongjiang.')]
	});
	if (submitted) await review.submitDocument(getDb(), await documentAs(people.translator, doc.id), { includeUnconfirmed: true });
	const [segment] = await documents.listSegments(getDb(), doc.id);
	return { documentId: doc.id, path: `/projects/${project.slug}/documents/${doc.id}`, segmentId: segment.id, revisionId: segment.revisionId! };
}

type PageRequest = { path: string; form?: Record<string, string> };

/** The page or form action for each action that has one; the rest are API-only (see permissions.test.ts). */
const PAGES: Partial<Record<ProjectAction, () => Promise<PageRequest>>> = {
	read: async () => ({ path: (await fixture(false)).path }),
	import: async () => ({
		path: `/projects/${project.slug}/documents/new?/create`,
		form: { title: 'Imported', format: 'text', sourceBlocks: JSON.stringify([paragraph('一。')]), translationBlocks: JSON.stringify([paragraph('One.')]) }
	}),
	submit: async () => ({ path: `${(await fixture(false)).path}?/submit`, form: { note: '', includeUnconfirmed: 'true' } }),
	review: async () => {
		const f = await fixture(true);
		return { path: `${f.path}/review?/approve`, form: { segmentId: String(f.segmentId), revisionId: String(f.revisionId) } };
	},
	publish: async () => {
		const f = await fixture(true);
		await review.approveSegment(getDb(), await segmentAs(people.reviewer, f.segmentId), { revisionId: f.revisionId });
		return { path: `${f.path}/publish?/publish`, form: {} };
	},
	manage_documents: async () => ({ path: `${(await fixture(false)).path}/settings?/rename`, form: { title: 'Renamed' } }),
	assign: async () => ({
		path: `/projects/${project.slug}?/assign`,
		form: { documentId: String((await fixture(false)).documentId), translatorId: String(people.translator.id), reviewerId: '', dueDate: '' }
	}),
	manage: async () => ({ path: `/projects/${project.slug}/members?/fourEyes`, form: { fourEyes: 'on' } })
};

function expected(action: ProjectAction, actor: Actor): string {
	if (actor === 'anonymous') return 'login';
	if (actor === 'outsider') return '404';
	return (PROJECT_ACTIONS[action].roles as readonly string[]).includes(actor) ? 'yes' : '403';
}

describe('the permission matrix on pages', () => {
	for (const [action, request] of Object.entries(PAGES) as [ProjectAction, () => Promise<PageRequest>][]) {
		it(`holds for “${PROJECT_ACTIONS[action].label}”`, async () => {
			for (const actor of ACTORS) {
				const { path, form } = await request();
				const headers: Record<string, string> = { origin: server.origin };
				if (cookieOf[actor]) headers.cookie = cookieOf[actor]!;
				const res = form
					? await server.fetch(path, {
							method: 'POST',
							headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
							body: new URLSearchParams(form).toString()
						})
					: await server.fetch(path, { headers });
				expect(await outcome(res), `${action} as ${actor} → ${res.status}`).toBe(expected(action, actor));
			}
		});
	}
});
