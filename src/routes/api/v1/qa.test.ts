import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, useTestServer } from '$lib/server/testing/http';
import { createDocument, createTeam, documentAs, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import * as review from '$lib/server/review/review';
import { getDb } from '$lib/server/db/db';
import type { DocumentQaJson } from '$lib/server/http/qa-json';

// QA over HTTP: the document's issues, the issues in a save's answer, ignoring and un-ignoring a
// warning, the project's levels and the publish gate's 409 listing open errors.

useTestDatabase();
const server = useTestServer();

let team: Team;
const token = {} as Record<'owner' | 'translator' | 'reviewer' | 'outsider', string>;

beforeAll(async () => {
	team = await createTeam();
	for (const who of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		token[who] = (await tokens.createApiToken(getDb(), team[who], { label: 'qa' })).token;
	}
});

const call = (who: keyof typeof token, path: string, options: Parameters<typeof callApi>[2] = {}) => callApi(server, path, { ...options, token: token[who] });
const qaOf = async (documentId: number): Promise<DocumentQaJson> => (await call('reviewer', `/api/v1/documents/${documentId}/qa`)).json();

describe('GET /api/v1/documents/{id}/qa and the save answer', () => {
	it('lists each issue with its segment, check, severity, message and spans; 404 for non-members', async () => {
		const doc = await createDocument(team, { source: ['黑龙江丨新闻。', '他说说了。'], mt: ['Heilongjiang丨News.', 'He said said it.'] });
		const qa = await qaOf(doc.id);
		expect(qa.issues).toContainEqual(
			expect.objectContaining({
				segmentId: doc.segments[0].id,
				position: 1,
				check: 'leftover-script',
				severity: 'error',
				target: { start: 12, end: 13 },
				fix: expect.objectContaining({ replacement: '|' })
			})
		);
		expect(qa.issues).toContainEqual(expect.objectContaining({ segmentId: doc.segments[1].id, check: 'doubled-word', severity: 'warning' }));
		expect(qa.open.error).toBe(1);
		expect((await call('outsider', `/api/v1/documents/${doc.id}/qa`)).status).toBe(404);
	});

	it('answers a save with the QA issues of the saved text', async () => {
		const doc = await createDocument(team, { source: ['黑龙江丨新闻。'], mt: ['Heilongjiang丨News.'] });
		const [s] = doc.segments;
		const put = async (text: string, baseRevisionId: number) =>
			(await call('translator', `/api/v1/segments/${s.id}`, { method: 'PUT', body: { baseRevisionId, text } })).json();
		const flagged = await put('Heilongjiang丨News  today.', s.revisionId!);
		expect(flagged.qa.map((i: { check: string }) => i.check).sort()).toEqual(['double-space', 'leftover-script']);
		const clean = await put('Heilongjiang | News today.', flagged.revisionId);
		expect(clean.qa).toEqual([]);
	});
});

describe('ignoring a warning over HTTP', () => {
	it('records the reason, shows it in the list, refuses errors, and takes it back', async () => {
		const doc = await createDocument(team, { source: ['黑龙江丨新闻。', '他说说了。'], mt: ['Heilongjiang丨News.', 'He said said it.'] });
		const issues = (await qaOf(doc.id)).issues;
		const warning = issues.find((i) => i.check === 'doubled-word')!;
		const error = issues.find((i) => i.severity === 'error')!;
		const ignore = (who: keyof typeof token, body: object, segmentId = warning.segmentId) => call(who, `/api/v1/segments/${segmentId}/qa/ignores`, { body });

		const refused = await ignore('translator', { check: error.check, message: error.message, reason: 'Fine.' }, error.segmentId);
		expect(refused.status).toBe(400);
		expect((await refused.json()).error).toMatchObject({ field: 'check', message: expect.stringContaining('ask a project owner') });
		expect((await ignore('translator', { check: warning.check, message: warning.message })).status).toBe(400);
		expect((await ignore('outsider', { check: warning.check, message: warning.message, reason: 'x' })).status).toBe(404);

		const res = await ignore('translator', { check: warning.check, message: warning.message, reason: 'The speaker repeats himself.' });
		expect(res.status).toBe(200);
		const made = await res.json();
		expect(made).toMatchObject({ check: 'doubled-word', reason: 'The speaker repeats himself.', by: team.translator.name, created: true });
		const listed = (await qaOf(doc.id)).issues.find((i) => i.check === 'doubled-word')!;
		expect(listed.ignored).toMatchObject({ id: made.id, by: team.translator.name, reason: 'The speaker repeats himself.' });

		const removed = await call('reviewer', `/api/v1/segments/${warning.segmentId}/qa/ignores/${made.id}`, { method: 'DELETE' });
		expect(await removed.json()).toEqual({ id: made.id, removed: true });
		expect((await qaOf(doc.id)).issues.find((i) => i.check === 'doubled-word')!.ignored).toBeUndefined();
		expect((await call('reviewer', `/api/v1/segments/${warning.segmentId}/qa/ignores/${made.id}`, { method: 'DELETE' })).status).toBe(404);
	});
});

describe('levels and the publish gate', () => {
	it('lets owners set levels (translators read them), and refuses to publish while an error is open, listing it', async () => {
		const levels = async (who: keyof typeof token) => (await call(who, `/api/v1/projects/${team.project.id}/qa`)).json();
		expect((await levels('translator')).checks).toContainEqual({ id: 'doubled-word', label: expect.any(String), default: 'warning', level: 'warning' });
		expect((await call('translator', `/api/v1/projects/${team.project.id}/qa`, { method: 'PUT', body: { severities: {} } })).status).toBe(403);
		const bad = await call('owner', `/api/v1/projects/${team.project.id}/qa`, { method: 'PUT', body: { severities: { spelling: 'error' } } });
		expect(bad.status).toBe(400);
		const set = await call('owner', `/api/v1/projects/${team.project.id}/qa`, { method: 'PUT', body: { severities: { 'doubled-word': 'error' } } });
		expect((await set.json()).checks).toContainEqual(expect.objectContaining({ id: 'doubled-word', level: 'error' }));

		try {
			const doc = await createDocument(team, { source: ['他说说了。'], mt: ['He said said it.'] });
			await review.submitDocument(getDb(), await documentAs(team.translator, doc.id), { includeUnconfirmed: true });
			await review.approveAllRemaining(getDb(), await documentAs(team.reviewer, doc.id));
			const refused = await call('owner', `/api/v1/documents/${doc.id}/publish`, { body: {} });
			expect(refused.status).toBe(409);
			const body = await refused.json();
			expect(body.reasons).toEqual([
				{
					kind: 'qa_errors',
					message: '1 QA error is open in segment 1: fix it before publishing.',
					issues: [{ segmentId: doc.segments[0].id, position: 1, check: 'doubled-word', message: expect.any(String) }]
				}
			]);
		} finally {
			await call('owner', `/api/v1/projects/${team.project.id}/qa`, { method: 'PUT', body: { severities: {} } });
		}
	});
});
