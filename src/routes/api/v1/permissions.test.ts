import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { importAs } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import { callApi, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { PROJECT_ACTIONS, type ProjectAction } from '$lib/server/permissions';
import * as documents from '$lib/server/documents/documents';
import * as projects from '$lib/server/projects/projects';
import * as review from '$lib/server/review/review';
import * as qa from '$lib/server/qa/qa';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import { blockFromPlainText } from '$lib/import/model';
import type { AuthUser } from '$lib/server/auth/sessions';
import { documentAs, queuedJob, segmentAs } from '$lib/server/testing/factories';
import * as glossary from '$lib/server/glossary/glossary';

// The permission matrix: docs/permissions.md, the table in permissions.ts and what the API does
// for every role and every action, including non-members and anonymous callers.

useTestDatabase();
const server = useTestServer();

const ACTORS = ['owner', 'translator', 'reviewer', 'outsider', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];
const COLUMNS: Record<Actor, string> = { owner: 'Owner', translator: 'Translator', reviewer: 'Reviewer', outsider: 'Not a member', anonymous: 'Not logged in' };

const people = {} as Record<Exclude<Actor, 'anonymous'>, AuthUser>;
const tokenOf = {} as Record<Actor, string | undefined>;
let projectId: number;

beforeAll(async () => {
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		people[who] = await users.createUser(getDb(), { email: `${who}@permissions.test`, name: `The ${who}`, password: 'correct horse battery' });
		tokenOf[who] = (await tokens.createApiToken(getDb(), people[who], { label: 'matrix' })).token;
	}
	projectId = (await projects.createProject(getDb(), people.owner, { name: 'Matrix', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), people.owner, { id: projectId }))!, {
		email: people.translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), people.owner, { id: projectId }))!, {
		email: people.reviewer.email,
		role: 'reviewer'
	});
});

const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });

/** A fresh one-segment document (imported by the translator), optionally already submitted. */
async function fixture(submitted: boolean) {
	const doc = await importAs(people.translator, projectId, {
		title: 'Fixture',
		format: 'text',
		source: [paragraph('黑龙江。')],
		translation: [paragraph('Heilongjiang.')]
	});
	if (submitted) await review.submitDocument(getDb(), await documentAs(people.translator, doc.id), { includeUnconfirmed: true });
	const [segment] = await documents.listSegments(getDb(), doc.id);
	return { documentId: doc.id, segmentId: segment.id, revisionId: segment.revisionId! };
}

let newcomers = 0;
let terms = 0;

/** One request that exercises the action, on fresh data so that the cells do not affect each other. */
const REQUESTS: Record<ProjectAction, () => Promise<[string, CallOptions]>> = {
	read: async () => [`/api/v1/documents/${(await fixture(false)).documentId}`, {}],
	comment: async () => [`/api/v1/segments/${(await fixture(false)).segmentId}/comments`, { body: { body: 'Is “Ten Thousand” right here?' } }],
	import: async () => [`/api/v1/projects/${projectId}/documents`, { body: { title: 'Imported', source: '一。', translation: 'One.', format: 'text' } }],
	translate: async () => {
		const f = await fixture(false);
		return [`/api/v1/segments/${f.segmentId}`, { method: 'PUT', body: { baseRevisionId: f.revisionId, text: 'Heilongjiang Province.' } }];
	},
	submit: async () => [`/api/v1/documents/${(await fixture(false)).documentId}/submit`, { body: { includeUnconfirmed: true } }],
	review: async () => {
		const f = await fixture(true);
		return [`/api/v1/segments/${f.segmentId}/approve`, { body: { revisionId: f.revisionId } }];
	},
	review_edit: async () => {
		const f = await fixture(true);
		return [`/api/v1/segments/${f.segmentId}`, { method: 'PUT', body: { baseRevisionId: f.revisionId, text: 'Heilongjiang Province.', review: true } }];
	},
	publish: async () => {
		const f = await fixture(true);
		await review.approveSegment(getDb(), await segmentAs(people.reviewer, f.segmentId), { revisionId: f.revisionId });
		return [`/api/v1/documents/${f.documentId}/publish`, { body: {} }];
	},
	manage_documents: async () => [`/api/v1/documents/${(await fixture(false)).documentId}`, { method: 'PATCH', body: { title: 'Renamed' } }],
	assign: async () => [
		`/api/v1/documents/${(await fixture(false)).documentId}/assignment`,
		{ method: 'PUT', body: { translatorId: people.translator.id, reviewerId: people.reviewer.id } }
	],
	manage: async () => {
		const newcomer = await users.createUser(getDb(), { email: `newcomer${++newcomers}@permissions.test`, name: 'Newcomer', password: 'correct horse battery' });
		return [`/api/v1/projects/${projectId}/members`, { body: { email: newcomer.email, role: 'reviewer' } }];
	},
	ignore_qa: async () => {
		// The fixture's MT is unchanged: QA notes it (info), which any member may ignore with a reason.
		const f = await fixture(false);
		const issues = (await qa.documentQa(getDb(), await documentAs(people.owner, f.documentId))).issues;
		const note = issues.find((i) => i.check === 'unchanged-mt')!;
		return [`/api/v1/segments/${f.segmentId}/qa/ignores`, { body: { check: note.check, message: note.message, reason: 'The MT is right here.' } }];
	},
	edit_glossary: async () => {
		const owner = (await projects.findProjectForMember(getDb(), people.owner, { id: projectId }))!;
		await glossary.addEntries(getDb(), owner, [{ source: `术语${++terms}`, target: `Term ${terms}`, status: 'preferred', caseSensitive: false }]);
		const { entries } = await glossary.listEntries(getDb(), owner, { q: `Term ${terms}` });
		const entry = entries.find((e) => e.target === `Term ${terms}`)!;
		return [`/api/v1/projects/${projectId}/glossary/${entry.id}`, { method: 'PATCH', body: { status: 'admitted' } }];
	},
	propose_terms: async () => [`/api/v1/projects/${projectId}/glossary`, { body: { source: `提议${++terms}`, target: `Proposal ${terms}` } }]
};

/** docs/permissions.md's table: action label → column → cell. */
function documentedMatrix(): Map<string, Record<string, string>> {
	const lines = readFileSync('docs/permissions.md', 'utf8')
		.split('\n')
		.filter((l) => l.startsWith('|'));
	const header = lines[0]
		.split('|')
		.slice(1, -1)
		.map((c) => c.trim());
	return new Map(
		lines.slice(2).map((line) => {
			const cells = line
				.split('|')
				.slice(1, -1)
				.map((c) => c.trim());
			return [cells[0], Object.fromEntries(header.slice(1).map((h, i) => [h, cells[i + 1]]))];
		})
	);
}

function expectedCell(action: ProjectAction, actor: Actor): string {
	if (actor === 'anonymous') return '401';
	if (actor === 'outsider') return '404';
	return (PROJECT_ACTIONS[action].roles as readonly string[]).includes(actor) ? 'yes' : '403';
}

describe('the permission matrix', () => {
	it('in docs/permissions.md is the table the code enforces', () => {
		const documented = documentedMatrix();
		expect([...documented.keys()].sort()).toEqual(
			Object.values(PROJECT_ACTIONS)
				.map((a) => a.label)
				.sort()
		);
		for (const action of Object.keys(PROJECT_ACTIONS) as ProjectAction[]) {
			const row = documented.get(PROJECT_ACTIONS[action].label)!;
			for (const actor of ACTORS) expect(row[COLUMNS[actor]], `${action} × ${actor}`).toBe(expectedCell(action, actor));
		}
	});

	for (const action of Object.keys(PROJECT_ACTIONS) as ProjectAction[]) {
		it(`holds over HTTP for “${PROJECT_ACTIONS[action].label}”`, async () => {
			for (const actor of ACTORS) {
				const [path, options] = await REQUESTS[action]();
				const res = await callApi(server, path, { ...options, token: tokenOf[actor] });
				const expected = expectedCell(action, actor);
				const got = res.status >= 200 && res.status < 300 ? 'yes' : String(res.status);
				expect(got, `${action} as ${actor}: ${await res.text()}`).toBe(expected);
			}
		});
	}
});

describe('a background job', () => {
	it('is read by every member of its project (404 for others, 401 without a token) and cancelled by its starter or an owner', async () => {
		const team = { project: { id: projectId }, translator: people.translator } as Parameters<typeof queuedJob>[0];
		const read = async (actor: Actor, jobId: number) => (await callApi(server, `/api/v1/jobs/${jobId}`, { method: 'GET', token: tokenOf[actor] })).status;
		const cancel = async (actor: Actor, jobId: number) => (await callApi(server, `/api/v1/jobs/${jobId}/cancel`, { body: {}, token: tokenOf[actor] })).status;
		const jobId = await queuedJob(team);
		expect(await Promise.all(ACTORS.map((actor) => read(actor, jobId)))).toEqual([200, 200, 200, 404, 401]);
		expect(await Promise.all(['reviewer', 'outsider', 'anonymous'].map((actor) => cancel(actor as Actor, jobId)))).toEqual([403, 404, 401]);
		expect(await cancel('translator', jobId)).toBe(200);
		expect(await cancel('owner', await queuedJob(team))).toBe(200);
		expect(await cancel('owner', jobId)).toBe(409);
	});
});

describe('saves of a segment the server has already seen', () => {
	it('still refuse non-members (404), reviewers outside review (403) and stale bases (409), and save nothing', async () => {
		const f = await fixture(false);
		const put = (actor: Actor, baseRevisionId: number, text: string) =>
			callApi(server, `/api/v1/segments/${f.segmentId}`, { method: 'PUT', token: tokenOf[actor], body: { baseRevisionId, text } });
		// Two saves in a row: the second is based on a revision the server wrote itself.
		const first = await (await put('translator', f.revisionId, 'Heilongjiang Province.')).json();
		const second = await put('translator', first.revisionId, 'Heilongjiang Province, China.');
		expect(second.status).toBe(200);
		const current = (await second.json()).revisionId;

		expect((await put('outsider', current, 'Intruder.')).status).toBe(404);
		expect((await put('reviewer', current, 'Reviewer outside review.')).status).toBe(403);
		expect((await put('anonymous', current, 'Anonymous.')).status).toBe(401);
		const stale = await put('owner', first.revisionId, 'Owner on a stale base.');
		expect(stale.status).toBe(409);
		expect((await stale.json()).current).toMatchObject({ revisionId: current, text: 'Heilongjiang Province, China.' });

		const [segment] = await documents.listSegments(getDb(), f.documentId);
		expect(segment).toMatchObject({ revisionId: current, text: 'Heilongjiang Province, China.' });
	});
});
