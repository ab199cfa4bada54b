import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, pageOutcome, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { approvedDocument, createDocument, createTeam, type Team } from '$lib/server/testing/factories';
import { getDb } from '$lib/server/db/db';
import * as auth from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import * as documents from '$lib/server/documents/documents';
import * as audit from '$lib/server/activity/audit';

// Creating documents once per idempotency key, renaming and deleting them: over the API and the
// pages' form actions, with the audit log that outlives a deleted document.

useTestDatabase();
const server = useTestServer();

type Who = 'owner' | 'translator' | 'reviewer' | 'outsider';
let team: Team;
const tokenOf = {} as Record<Who, string>;
const cookieOf = {} as Record<Who, string>;

beforeAll(async () => {
	team = await createTeam({ name: 'Settings' });
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		tokenOf[who] = (await tokens.createApiToken(getDb(), team[who], { label: 'tests' })).token;
		cookieOf[who] = `${auth.SESSION_COOKIE}=${(await auth.createSession(team[who].id)).token}`;
	}
});

const call = (who: Who, path: string, options: CallOptions = {}) => callApi(server, path, { ...options, token: tokenOf[who] });
const titles = async () => (await documents.listDocuments(getDb(), team.project.id)).map((d) => d.title);
const pagePath = (id: number) => `/projects/${team.project.slug}/documents/${id}`;

function postForm(who: Who, path: string, form: Record<string, string>): Promise<Response> {
	return server.fetch(path, {
		method: 'POST',
		headers: { origin: server.origin, cookie: cookieOf[who], 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString()
	});
}

describe('creating a document once per idempotency key', () => {
	it('makes one document for two API requests sent at once with the same key, and answers both with it', async () => {
		const body = { title: 'Sent twice', source: '一。\n\n二。', translation: 'One.\n\nTwo.', idempotencyKey: 'api-double-submit-1' };
		const [a, b] = await Promise.all([
			call('translator', `/api/v1/projects/${team.project.id}/documents`, { body }),
			call('translator', `/api/v1/projects/${team.project.id}/documents`, { body })
		]);
		expect([a.status, b.status]).toEqual([201, 201]);
		const [first, second] = [await a.json(), await b.json()];
		expect(second).toEqual(first);
		expect(first).toMatchObject({ segments: 2 });
		expect((await titles()).filter((t) => t === 'Sent twice')).toHaveLength(1);
	});

	it('makes a new document for another key, and refuses a malformed key', async () => {
		const body = { title: 'Sent twice', source: '一。', idempotencyKey: 'api-double-submit-2' };
		expect((await call('translator', `/api/v1/projects/${team.project.id}/documents`, { body })).status).toBe(201);
		expect((await titles()).filter((t) => t === 'Sent twice')).toHaveLength(2);
		await expectApiError(
			await call('translator', `/api/v1/projects/${team.project.id}/documents`, { body: { ...body, idempotencyKey: 'no spaces allowed' } }),
			400,
			'idempotencyKey'
		);
	});

	it('redirects a double-submitted import form to the same document, creating it once', async () => {
		const block = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
		const form = {
			title: 'Double click',
			format: 'text',
			sourceBlocks: JSON.stringify([block('一。')]),
			translationBlocks: JSON.stringify([block('One.')]),
			idempotencyKey: 'form-double-click-1'
		};
		const path = `/projects/${team.project.slug}/documents/new?/create`;
		const answers = await Promise.all([postForm('translator', path, form), postForm('translator', path, form)]);
		const locations = await Promise.all(answers.map(async (res) => ((await res.json()) as { location?: string }).location));
		expect(locations[0]).toMatch(/\/documents\/\d+$/);
		expect(locations[1]).toBe(locations[0]);
		expect((await titles()).filter((t) => t === 'Double click')).toHaveLength(1);
	});
});

describe('PATCH /api/v1/documents/{id}', () => {
	it('renames the document for its owner: 200 with the document, recorded in the audit log', async () => {
		const doc = await createDocument(team, { title: 'Draft title' });
		const res = await call('owner', `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title: '  Final\u0000 title ' } });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ id: doc.id, title: 'Final title', segments: [expect.objectContaining({ position: 1 })] });
		expect((await (await call('translator', `/api/v1/documents/${doc.id}`)).json()).title).toBe('Final title');
		const [event] = await audit.listAudit(getDb(), { documentId: doc.id });
		expect(event).toMatchObject({ action: 'document.renamed', details: { from: 'Draft title', to: 'Final title' } });
	});

	it('refuses a blank title or one over 300 characters, without cutting it', async () => {
		const doc = await createDocument(team, { title: 'Kept' });
		await expectApiError(await call('owner', `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title: 'x'.repeat(301) } }), 400, 'title');
		await expectApiError(await call('owner', `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title: ' \u0000 ' } }), 400, 'title');
		await expectApiError(await call('owner', `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: {} }), 400, 'title');
		expect((await (await call('owner', `/api/v1/documents/${doc.id}`)).json()).title).toBe('Kept');
	});

	it('is 403 for translators and reviewers and 404 for non-members, renaming nothing', async () => {
		const doc = await createDocument(team, { title: 'Not theirs' });
		for (const who of ['translator', 'reviewer'] as const) {
			const err = await expectApiError(await call(who, `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title: 'Mine now' } }), 403);
			expect(err.code).toBe('forbidden');
		}
		await expectApiError(await call('outsider', `/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title: 'Mine now' } }), 404);
		expect((await (await call('owner', `/api/v1/documents/${doc.id}`)).json()).title).toBe('Not theirs');
	});
});

describe('DELETE /api/v1/documents/{id}', () => {
	it('deletes a reviewed, commented document with all it holds: 204, then 404; the audit log keeps its title', async () => {
		const doc = await approvedDocument(team, { title: 'Reviewed and commented', mt: ['One.', 'Two.'] });
		const comment = await call('reviewer', `/api/v1/segments/${doc.segments[0].id}/comments`, { body: { body: 'Fine, @translator.' } });
		expect(comment.status).toBe(201);
		const before = (await audit.listAudit(getDb(), { documentId: doc.id })).length;
		expect(before).toBeGreaterThan(0);

		const res = await call('owner', `/api/v1/documents/${doc.id}`, { method: 'DELETE' });
		expect(res.status).toBe(204);
		expect((await call('owner', `/api/v1/documents/${doc.id}`)).status).toBe(404);
		expect(await titles()).not.toContain('Reviewed and commented');

		const db = getDb();
		expect(await db.selectFrom('segments').select('id').where('documentId', '=', doc.id).execute()).toEqual([]);
		expect(await db.selectFrom('notifications').select('id').where('documentId', '=', doc.id).execute()).toEqual([]);

		const log = await audit.listAudit(getDb(), { projectId: team.project.id });
		const kept = log.filter((e) => e.documentTitle === 'Reviewed and commented');
		expect(kept.length).toBe(before + 1);
		expect(kept.every((e) => e.documentId === null && e.segmentId === null)).toBe(true);
		expect(kept[0]).toMatchObject({ action: 'document.deleted', details: { segments: 2, comments: 1, rounds: 1 } });
	});

	it('refuses a published document until it is unpublished, saying so', async () => {
		const doc = await approvedDocument(team, { title: 'On the public site' });
		expect((await call('owner', `/api/v1/documents/${doc.id}/publish`, { body: {} })).status).toBe(201);
		const err = await expectApiError(await call('owner', `/api/v1/documents/${doc.id}`, { method: 'DELETE' }), 409);
		expect(err.message).toMatch(/published.*Unpublish/);

		expect(await pageOutcome(await postForm('owner', `${pagePath(doc.id)}/publish?/unpublish`, {}))).toBe('yes');
		expect((await call('owner', `/api/v1/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await call('owner', `/api/v1/documents/${doc.id}`)).status).toBe(404);
	});

	it('is 403 for translators and reviewers and 404 for non-members, deleting nothing', async () => {
		const doc = await createDocument(team, { title: 'Still here' });
		for (const who of ['translator', 'reviewer'] as const) {
			expect((await expectApiError(await call(who, `/api/v1/documents/${doc.id}`, { method: 'DELETE' }), 403)).code).toBe('forbidden');
		}
		await expectApiError(await call('outsider', `/api/v1/documents/${doc.id}`, { method: 'DELETE' }), 404);
		expect((await call('owner', `/api/v1/documents/${doc.id}`)).status).toBe(200);
	});
});

describe('the document settings page', () => {
	it('renames and deletes for the owner; translators and reviewers get 403, non-members 404', async () => {
		const doc = await createDocument(team, { title: 'Page draft' });
		for (const who of ['translator', 'reviewer'] as const) {
			expect(await pageOutcome(await postForm(who, `${pagePath(doc.id)}/settings?/rename`, { title: 'No' }))).toBe('403');
			expect(await pageOutcome(await postForm(who, `${pagePath(doc.id)}/settings?/delete`, {}))).toBe('403');
		}
		expect(await pageOutcome(await postForm('outsider', `${pagePath(doc.id)}/settings?/delete`, {}))).toBe('404');

		const tooLong = await postForm('owner', `${pagePath(doc.id)}/settings?/rename`, { title: 'y'.repeat(301) });
		expect(await pageOutcome(tooLong.clone())).toBe('400');
		expect(JSON.stringify(await tooLong.json())).toMatch(/300 characters/);
		expect(await pageOutcome(await postForm('owner', `${pagePath(doc.id)}/settings?/rename`, { title: 'Page final' }))).toBe('yes');
		expect(await titles()).toContain('Page final');

		const deleted = await postForm('owner', `${pagePath(doc.id)}/settings?/delete`, {});
		expect(((await deleted.json()) as { location?: string }).location).toBe(`/projects/${team.project.slug}`);
		expect(await titles()).not.toContain('Page final');
	});
});
