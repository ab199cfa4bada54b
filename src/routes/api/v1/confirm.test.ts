import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { createTeam, createDocument, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import { getDb } from '$lib/server/db/db';

// Confirming segments over real HTTP: POST /segments/{id}/confirm, `confirm` on a save, the
// confirmations in a segment's history, and a submission that sends only the confirmed.

useTestDatabase();
const server = useTestServer();
const call = (path: string, options?: CallOptions) => callApi(server, path, options);

let team: Team;
let translatorToken: string;
let reviewerToken: string;

beforeAll(async () => {
	team = await createTeam({ name: 'Confirm API' });
	translatorToken = (await tokens.createApiToken(getDb(), team.translator, { label: 'tests' })).token;
	reviewerToken = (await tokens.createApiToken(getDb(), team.reviewer, { label: 'tests' })).token;
});

describe('POST /api/v1/segments/{id}/confirm', () => {
	it('confirms the current revision (200, then a no-op), shows it in the document and the history', async () => {
		const doc = await createDocument(team, { mt: ['The Ten Million Project.'] });
		const [s] = doc.segments;
		const res = await call(`/api/v1/segments/${s.id}/confirm`, { token: translatorToken, body: { revisionId: s.revisionId } });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ alreadyConfirmed: false, segment: { id: s.id, revisionId: s.revisionId, state: 'mt', confirmed: true } });
		const again = await call(`/api/v1/segments/${s.id}/confirm`, { token: translatorToken, body: { revisionId: s.revisionId } });
		expect(await again.json()).toMatchObject({ alreadyConfirmed: true });

		const document = await (await call(`/api/v1/documents/${doc.id}`, { token: reviewerToken })).json();
		expect(document.segments[0]).toMatchObject({ confirmed: true });
		const history = await (await call(`/api/v1/segments/${s.id}/revisions`, { token: reviewerToken })).json();
		expect(history.revisions).toHaveLength(1);
		expect(history.confirmations).toEqual([{ revisionId: s.revisionId, by: team.translator.name, at: expect.stringMatching(/^\d{4}-/) }]);
	});

	it('is 409 with the current version for a stale revision, 409 for an empty segment, 403 for a reviewer, 400 for a bad body', async () => {
		const doc = await createDocument(team, { mt: ['Ten Thousand.'] });
		const [s] = doc.segments;
		const saved = await (
			await call(`/api/v1/segments/${s.id}`, { method: 'PUT', token: translatorToken, body: { baseRevisionId: s.revisionId, text: 'Ten Million.' } })
		).json();
		const stale = await call(`/api/v1/segments/${s.id}/confirm`, { token: translatorToken, body: { revisionId: s.revisionId } });
		expect(stale.status).toBe(409);
		expect(await stale.json()).toMatchObject({ current: { revisionId: saved.revisionId, text: 'Ten Million.' }, segment: { confirmed: false } });

		const empty = await createDocument(team, { mt: null });
		const refused = await call(`/api/v1/segments/${empty.segments[0].id}/confirm`, { token: translatorToken, body: { revisionId: 1 } });
		expect((await expectApiError(refused, 409)).message).toMatch(/no translation yet/);
		await expectApiError(await call(`/api/v1/segments/${s.id}/confirm`, { token: reviewerToken, body: { revisionId: saved.revisionId } }), 403);
		expect((await expectApiError(await call(`/api/v1/segments/${s.id}/confirm`, { token: translatorToken, body: {} }), 400)).field).toBe('revisionId');
	});
});

describe('a save with confirm, and submitting', () => {
	it('saves and confirms in one request; submitting sends the confirmed and counts the rest', async () => {
		const doc = await createDocument(team, { mt: ['One.', 'Two.', 'Three.'] });
		const [a, b] = doc.segments;
		const res = await call(`/api/v1/segments/${a.id}`, {
			method: 'PUT',
			token: translatorToken,
			body: { baseRevisionId: a.revisionId, text: 'One!', confirm: true }
		});
		expect(res.status).toBe(200);
		expect((await res.json()).segment).toMatchObject({ state: 'edited', confirmed: true });
		await call(`/api/v1/segments/${b.id}/confirm`, { token: translatorToken, body: { revisionId: b.revisionId } });

		const submitted = await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: { note: 'Two of three.' } });
		expect(submitted.status).toBe(201);
		expect(await submitted.json()).toEqual({ round: 1, submitted: 2, unconfirmed: 1 });
		const nothing = await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: {} });
		expect((await expectApiError(nothing, 409)).message).toMatch(/none of the 1 segment still with you is confirmed/);
		const rest = await call(`/api/v1/documents/${doc.id}/submit`, { token: translatorToken, body: { includeUnconfirmed: true } });
		expect(await rest.json()).toEqual({ round: 2, submitted: 1, unconfirmed: 0 });
	});
});
