import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { createDocument, createJobQueues, createTeam, createUser, type Team } from '$lib/server/testing/factories';
import { startMtServer, type MtTestServer } from '$lib/server/testing/mt-servers';
import { getDb } from '$lib/server/db/db';
import * as tokens from '$lib/server/auth/tokens';
import * as engines from '$lib/server/mt/engines';

// POST /documents/{id}/pretranslate and the MT entry of GET /segments/{id}/matches. The job
// itself is tested in src/lib/server/pretranslate/pretranslate.test.ts.

useTestDatabase();
const server = useTestServer();

let team: Team;
let lt: MtTestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
	team = await createTeam();
	for (const [who, user] of Object.entries({ owner: team.owner, translator: team.translator, reviewer: team.reviewer, outsider: team.outsider })) {
		token[who] = (await tokens.createApiToken(getDb(), user, { label: 'pretranslate' })).token;
	}
	lt = await startMtServer('libretranslate');
	await createJobQueues();
});
afterAll(() => lt.close());

let made = 0;
async function chooseEngine(): Promise<number> {
	const admin = await createUser({ admin: true });
	const engine = await engines.createEngine(getDb(), admin, { name: `Libre ${++made}`, provider: 'libretranslate', url: lt.url });
	await engines.setProjectEngine(getDb(), team.project, { engineId: engine.id });
	return engine.id;
}

describe('POST /api/v1/documents/{id}/pretranslate', () => {
	it('is refused with the reason while the project has no engine and no pre-fill score, then queues one job', async () => {
		const doc = await createDocument(team, { mt: null, source: ['第一段。', '第二段。'] });
		const path = `/api/v1/documents/${doc.id}/pretranslate`;
		const refused = await expectApiError(await callApi(server, path, { token: token.translator, method: 'POST' }), 409);
		expect(refused.message).toMatch(/no MT engine and no translation-memory pre-fill score/);

		await chooseEngine();
		// The engine holds its answers, so the job the test server's worker picks up stays running.
		lt.fail('timeout');
		await expectApiError(await callApi(server, path, { token: token.outsider, method: 'POST' }), 404);
		await expectApiError(await callApi(server, path, { token: token.reviewer, method: 'POST' }), 403);
		const started = await callApi(server, path, { token: token.translator, method: 'POST' });
		expect(started.status).toBe(202);
		const { jobId, created } = await started.json();
		expect(created).toBe(true);
		// Asked again while it waits: the same job.
		const again = await (await callApi(server, path, { token: token.owner, method: 'POST' })).json();
		expect(again).toEqual({ jobId, created: false });
		const job = await (await callApi(server, `/api/v1/jobs/${jobId}`, { token: token.owner })).json();
		expect(job).toMatchObject({ id: jobId, kind: 'pretranslate', documentId: doc.id });
		expect(['queued', 'running']).toContain(job.state);
		await expectApiError(await callApi(server, `/api/v1/jobs/${jobId}`, { token: token.outsider }), 404);
		lt.fail('none', 0);
	});
});

describe('GET /api/v1/segments/{id}/matches with an engine', () => {
	it('adds the engine’s translation after the memory’s matches, or says why there is none', async () => {
		const engineId = await chooseEngine();
		const doc = await createDocument(team, { mt: null, source: ['第一段。'] });
		const path = `/api/v1/segments/${doc.segments[0].id}/matches`;
		const all = await (await callApi(server, path, { token: token.translator })).json();
		expect(all).toEqual({
			minScore: 50,
			matches: [
				{
					kind: 'mt',
					engine: { id: engineId, name: `Libre ${made}` },
					target: 'First paragraph.',
					targetContent: { type: 'paragraph', content: [{ type: 'text', text: 'First paragraph.' }] }
				}
			]
		});
		expect(await (await callApi(server, `${path}?only=tm`, { token: token.translator })).json()).toEqual({ minScore: 50, matches: [] });
		lt.fail('server_error');
		try {
			const failed = await (await callApi(server, `${path}?only=mt`, { token: token.translator })).json();
			expect(failed).toEqual({
				matches: [],
				mtError: { engine: { id: engineId, name: `Libre ${made}` }, message: 'LibreTranslate answered 500 twice; try again later.', retryable: true }
			});
		} finally {
			lt.fail('none', 0);
		}
		await expectApiError(await callApi(server, `${path}?only=both`, { token: token.translator }), 400);
		await expectApiError(await callApi(server, path, { token: token.outsider }), 404);
	});
});
