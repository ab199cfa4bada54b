import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { createDocument, createTeam, type Team } from '$lib/server/testing/factories';
import { readEventStream, type ParsedEvent } from '$lib/server/testing/sse';
import { SESSION_COOKIE, createSession } from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import { getDb } from '$lib/server/db/db';

// The live routes over real HTTP: the event stream (a Bearer token or the session cookie,
// Last-Event-ID, 404 for non-members) and the presence heartbeat.

useTestDatabase();
const server = useTestServer();
const call = (path: string, options?: CallOptions) => callApi(server, path, options);

let team: Team;
let outsiderTeam: Team;
const token: Record<'translator' | 'reviewer' | 'outsider', string> = { translator: '', reviewer: '', outsider: '' };
const streams: { cancel(): Promise<void> }[] = [];

beforeAll(async () => {
	team = await createTeam({ name: 'Live API' });
	outsiderTeam = await createTeam({ name: 'Elsewhere' });
	token.translator = (await tokens.createApiToken(getDb(), team.translator, { label: 'tests' })).token;
	token.reviewer = (await tokens.createApiToken(getDb(), team.reviewer, { label: 'tests' })).token;
	token.outsider = (await tokens.createApiToken(getDb(), outsiderTeam.owner, { label: 'tests' })).token;
});
afterEach(async () => {
	for (const s of streams.splice(0)) await s.cancel();
});

async function open(documentId: number, headers: Record<string, string>) {
	const res = await server.fetch(`/api/v1/documents/${documentId}/events`, { headers });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
	const stream = readEventStream(res);
	streams.push(stream);
	// Subscribed once the first presence snapshot has come.
	await stream.next((e) => e.event === 'presence');
	return stream;
}

const saved = (segmentId: number) => (e: ParsedEvent) => e.event === 'segment' && (e.data.segments as { id: number }[]).some((s) => s.id === segmentId);

async function save(segmentId: number, baseRevisionId: number | null, text: string): Promise<number> {
	const res = await call(`/api/v1/segments/${segmentId}`, { method: 'PUT', token: token.translator, body: { baseRevisionId, text } });
	expect(res.status).toBe(200);
	return ((await res.json()) as { revisionId: number }).revisionId;
}

describe('GET /api/v1/documents/{id}/events', () => {
	it('streams a save to a member with a token, and to one with the session cookie', async () => {
		const doc = await createDocument(team, { mt: ['One.'] });
		const byToken = await open(doc.id, { authorization: `Bearer ${token.reviewer}` });
		const cookie = `${SESSION_COOKIE}=${(await createSession(team.owner.id)).token}`;
		const bySession = await open(doc.id, { cookie });
		const revisionId = await save(doc.segments[0].id, doc.segments[0].revisionId, 'One, live.');
		for (const stream of [byToken, bySession]) {
			const e = await stream.next(saved(doc.segments[0].id));
			expect(e.data.segments).toMatchObject([{ id: doc.segments[0].id, revisionId, content: { type: 'paragraph' } }]);
		}
	});

	it('catches a reconnecting client up from Last-Event-ID', async () => {
		const doc = await createDocument(team, { mt: ['One.', 'Two.'] });
		const first = await open(doc.id, { authorization: `Bearer ${token.reviewer}` });
		const r1 = await save(doc.segments[0].id, doc.segments[0].revisionId, 'Seen.');
		const seen = await first.next(saved(doc.segments[0].id));
		await first.cancel();
		const r2 = await save(doc.segments[1].id, doc.segments[1].revisionId, 'Missed while away.');
		const again = await open(doc.id, { authorization: `Bearer ${token.reviewer}`, 'last-event-id': String(seen.id) });
		const missed = await again.next(saved(doc.segments[1].id));
		expect(missed.data.segments).toMatchObject([{ revisionId: r2 }]);
		expect(missed.id).toBeGreaterThan(seen.id!);
		expect(r1).toBeLessThan(r2);
	});

	it('is 404 for a non-member, 401 without credentials, 400 for a Last-Event-ID that is no id', async () => {
		const doc = await createDocument(team);
		await expectApiError(await call(`/api/v1/documents/${doc.id}/events`, { token: token.outsider }), 404);
		await expectApiError(await call(`/api/v1/documents/${doc.id}/events`), 401);
		const bad = await call(`/api/v1/documents/${doc.id}/events`, { token: token.reviewer, headers: { 'last-event-id': 'yesterday' } });
		expect((await expectApiError(bad, 400)).message).toMatch(/Last-Event-ID/);
	});
});

describe('POST /api/v1/documents/{id}/presence', () => {
	it('renews a lease on a segment that the other members see, and DELETE ends it', async () => {
		const doc = await createDocument(team, { mt: ['One.'] });
		const reviewer = await open(doc.id, { authorization: `Bearer ${token.reviewer}` });
		const res = await call(`/api/v1/documents/${doc.id}/presence`, { token: token.translator, body: { segmentId: doc.segments[0].id } });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toEqual({ leaseSeconds: 30, expiresAt: expect.stringMatching(/^\d{4}-/) });
		const here = await reviewer.next((e) => e.event === 'presence' && (e.data.people as unknown[]).length === 1);
		expect(here.data.people).toMatchObject([{ userId: team.translator.id, segmentId: doc.segments[0].id }]);
		// As the page leaves: the session cookie, and JSON (a cross-site form could not send it).
		const cookie = `${SESSION_COOKIE}=${(await createSession(team.translator.id)).token}`;
		const path = `/api/v1/documents/${doc.id}/presence`;
		await expectApiError(await call(path, { method: 'DELETE', headers: { cookie } }), 403);
		const gone = await call(path, { method: 'DELETE', headers: { cookie, origin: server.origin }, body: {} });
		expect(gone.status).toBe(204);
		await reviewer.next(
			(e) => e.event === 'presence' && (e.data.people as unknown[]).length === 0 && reviewer.events.indexOf(e) > reviewer.events.indexOf(here)
		);
	});

	it('refuses a segment that is not of the document, a body that is no object, and non-members', async () => {
		const doc = await createDocument(team);
		const other = await createDocument(team);
		const path = `/api/v1/documents/${doc.id}/presence`;
		await expectApiError(await call(path, { token: token.translator, body: { segmentId: other.segments[0].id } }), 400, 'segmentId');
		await expectApiError(await call(path, { token: token.translator, body: { segmentId: 'first' } }), 400, 'segmentId');
		await expectApiError(await call(path, { token: token.translator, body: [] }), 400);
		await expectApiError(await call(path, { token: token.outsider, body: { segmentId: null } }), 404);
		await expectApiError(await call(path, { method: 'DELETE', token: token.outsider }), 404);
	});
});
