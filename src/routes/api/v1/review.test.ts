import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import * as projects from '$lib/server/projects/projects';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import type { AuthUser } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';

// The review API over real HTTP: submit, queue, approve, reject, rounds, audit.

useTestDatabase();
const server = useTestServer();
const call = (path: string, options?: CallOptions) => callApi(server, path, options);

let translator: AuthUser;
let reviewer: AuthUser;
let translatorToken: string;
let reviewerToken: string;
let projectId: number;

beforeAll(async () => {
	const owner = await users.createUser(getDb(), { email: 'owner@review-api.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@review-api.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@review-api.test', name: 'Rui Reviewer', password: 'correct horse battery' });
	translatorToken = (await tokens.createApiToken(getDb(), translator, { label: 'tests' })).token;
	reviewerToken = (await tokens.createApiToken(getDb(), reviewer, { label: 'tests' })).token;
	projectId = (await projects.createProject(getDb(), owner, { name: 'Review API', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: translator.email, role: 'translator' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: reviewer.email, role: 'reviewer' });
});

interface Segment {
	id: number;
	revisionId: number;
	text: string;
	state: string;
}

async function importDocument(): Promise<{ id: number; segments: Segment[] }> {
	const res = await call(`/api/v1/projects/${projectId}/documents`, {
		token: translatorToken,
		body: { title: 'Harbin news', source: '一。\n\n二。\n\n三。', translation: 'The Ten Thousand Project.\n\nTwo.\n\nThree.', format: 'text' }
	});
	expect(res.status).toBe(201);
	const { id } = await res.json();
	return { id, segments: (await getDocument(id)).segments };
}

async function getDocument(id: number): Promise<{ state: string; round: number; segments: Segment[] }> {
	const res = await call(`/api/v1/documents/${id}`, { token: reviewerToken });
	expect(res.status).toBe(200);
	return res.json();
}

describe('the review API', () => {
	it('takes a document through submit → queue → approve and send back → resubmit → approved, with rounds and audit', async () => {
		const doc = await importDocument();
		expect((await getDocument(doc.id)).state).toBe('in_translation');

		const submitted = await call(`/api/v1/documents/${doc.id}/submit`, {
			token: translatorToken,
			body: { note: 'Check the project name.', includeUnconfirmed: true }
		});
		expect(submitted.status).toBe(201);
		expect(await submitted.json()).toEqual({ round: 1, submitted: 3, unconfirmed: 0 });
		expect(await getDocument(doc.id)).toMatchObject({ state: 'in_review', round: 1 });

		const queue = await (await call('/api/v1/review-queue', { token: reviewerToken })).json();
		expect(queue.documents.find((d: { documentId: number }) => d.documentId === doc.id)).toMatchObject({
			title: 'Harbin news',
			waiting: 3,
			round: 1,
			submittedBy: 'Tamar Translator'
		});
		expect((await (await call('/api/v1/review-queue', { token: translatorToken })).json()).documents).toEqual([]);

		const [first, second, third] = doc.segments;
		const approve = (s: Segment, revisionId = s.revisionId) => call(`/api/v1/segments/${s.id}/approve`, { token: reviewerToken, body: { revisionId } });
		expect(await (await approve(second)).json()).toEqual({ state: 'approved', documentApproved: false });

		await expectApiError(
			await call(`/api/v1/segments/${first.id}/reject`, { token: reviewerToken, body: { revisionId: first.revisionId, reason: 'wrong' } }),
			400,
			'reason'
		);
		const rejected = await call(`/api/v1/segments/${first.id}/reject`, {
			token: reviewerToken,
			body: { revisionId: first.revisionId, reason: 'terminology', comment: 'It is the Ten Million Project.' }
		});
		expect(await rejected.json()).toEqual({ state: 'changes_requested' });

		const fixed = await call(`/api/v1/segments/${first.id}`, {
			token: translatorToken,
			method: 'PUT',
			body: { baseRevisionId: first.revisionId, text: 'The Ten Million Project.' }
		});
		expect(fixed.status).toBe(200);
		const fixedRevision = (await fixed.json()).revisionId;
		// The old revision is stale now: approving it is a 409 with a message.
		expect((await expectApiError(await approve(first), 409)).message).toMatch(/changed after you opened it/);

		expect(await (await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: { includeUnconfirmed: true } })).json()).toEqual({
			round: 2,
			submitted: 1,
			unconfirmed: 0
		});
		await approve(first, fixedRevision);
		expect(await (await approve(third)).json()).toEqual({ state: 'approved', documentApproved: true });
		expect((await getDocument(doc.id)).state).toBe('approved');

		const rounds = (await (await call(`/api/v1/documents/${doc.id}/rounds`, { token: reviewerToken })).json()).rounds;
		expect(rounds.map((r: { number: number }) => r.number)).toEqual([2, 1]);
		const revisionIn = (round: { segments: { segmentId: number; revisionId: number }[] }) => round.segments.find((s) => s.segmentId === first.id)?.revisionId;
		expect([revisionIn(rounds[1]), revisionIn(rounds[0])]).toEqual([first.revisionId, fixedRevision]);
		expect(rounds[1].note).toBe('Check the project name.');

		const audit = (await (await call(`/api/v1/documents/${doc.id}/audit`, { token: translatorToken })).json()).events;
		expect(audit.map((e: { action: string }) => e.action).reverse()).toEqual([
			'document.submitted',
			'segment.approved',
			'segment.changes_requested',
			'segment.reopened',
			'document.submitted',
			'segment.approved',
			'segment.approved',
			'document.approved'
		]);
		expect(audit.at(-3)).toMatchObject({ actor: 'Rui Reviewer', details: { reason: 'terminology' } });
	});

	it('refuses with clear messages: nothing to submit (409), four-eyes (403), approving an unsubmitted segment (409)', async () => {
		const doc = await importDocument();
		const [first] = doc.segments;
		expect(
			(await expectApiError(await call(`/api/v1/segments/${first.id}/approve`, { token: reviewerToken, body: { revisionId: first.revisionId } }), 409)).message
		).toMatch(/not been submitted/);
		await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: { includeUnconfirmed: true } });
		expect(
			(await expectApiError(await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: { includeUnconfirmed: true } }), 409)).message
		).toMatch(/Nothing to submit/);

		const edit = await call(`/api/v1/segments/${first.id}`, {
			token: reviewerToken,
			method: 'PUT',
			body: { baseRevisionId: first.revisionId, text: 'The Ten Million Project.' }
		});
		expect(edit.status).toBe(200);
		const own = (await edit.json()).revisionId;
		expect((await getDocument(doc.id)).segments[0]).toMatchObject({ state: 'submitted', text: 'The Ten Million Project.' });
		const refusal = await expectApiError(await call(`/api/v1/segments/${first.id}/approve`, { token: reviewerToken, body: { revisionId: own } }), 403);
		expect(refusal.message).toMatch(/Four-eyes/);
		await expectApiError(await call(`/api/v1/segments/${first.id}/approve`, { token: reviewerToken, body: {} }), 400, 'revisionId');
	});
});
