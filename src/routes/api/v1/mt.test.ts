import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { createTeam, createUser, type Team } from '$lib/server/testing/factories';
import { startMtServer, type MtTestServer } from '$lib/server/testing/mt-servers';
import { getDb } from '$lib/server/db/db';
import * as tokens from '$lib/server/auth/tokens';
import type { AuthUser } from '$lib/server/auth/sessions';

// The MT API: administrators configure engines, owners choose one, keys never come back.

process.env.RENDITION_SECRET = 'api test secret of at least thirty-two characters';

useTestDatabase();
const server = useTestServer();

let admin: AuthUser;
let team: Team;
const token: Record<string, string> = {};
let lt: MtTestServer;
const KEY = 'lt-key-0af3-never-shown';

beforeAll(async () => {
	admin = await createUser({ admin: true });
	team = await createTeam();
	for (const [who, user] of Object.entries({ admin, owner: team.owner, translator: team.translator, outsider: team.outsider })) {
		token[who] = (await tokens.createApiToken(getDb(), user, { label: 'mt' })).token;
	}
	lt = await startMtServer('libretranslate', { apiKey: KEY });
});
afterAll(() => lt.close());

describe('MT API', () => {
	it('lets an administrator add, test, change and delete an engine, never showing its key', async () => {
		const created = await callApi(server, '/api/v1/admin/mt-engines', {
			token: token.admin,
			body: { name: 'LT', provider: 'libretranslate', url: lt.url, apiKey: KEY }
		});
		expect(created.status).toBe(201);
		const engine = await created.json();
		expect(engine).toMatchObject({ name: 'LT', provider: 'libretranslate', url: lt.url, hasApiKey: true });
		const list = await (await callApi(server, '/api/v1/admin/mt-engines', { token: token.admin })).text();
		const tested = await (await callApi(server, `/api/v1/admin/mt-engines/${engine.id}/test`, { token: token.admin, method: 'POST' })).json();
		expect(tested).toMatchObject({ ok: true, text: expect.stringContaining('Xinhua') });
		const patched = await callApi(server, `/api/v1/admin/mt-engines/${engine.id}`, { token: token.admin, method: 'PATCH', body: { name: 'LibreTranslate' } });
		for (const text of [list, JSON.stringify(engine), JSON.stringify(tested), await patched.text()]) expect(text).not.toContain(KEY);
		expect((await callApi(server, `/api/v1/admin/mt-engines/${engine.id}`, { token: token.admin, method: 'DELETE' })).status).toBe(204);
		await expectApiError(await callApi(server, `/api/v1/admin/mt-engines/${engine.id}`, { token: token.admin }), 404);
	});

	it('refuses engine administration to everyone else', async () => {
		for (const who of ['owner', 'translator', 'outsider']) {
			await expectApiError(await callApi(server, '/api/v1/admin/mt-engines', { token: token[who] }), 403);
			await expectApiError(await callApi(server, '/api/v1/admin/mt-engines', { token: token[who], body: { name: 'X', provider: 'deepl' } }), 403);
		}
		await expectApiError(await callApi(server, '/api/v1/admin/mt-engines'), 401);
	});

	it('lets an owner choose the project’s engine, and no one else', async () => {
		const engine = await (
			await callApi(server, '/api/v1/admin/mt-engines', { token: token.admin, body: { name: 'Choice', provider: 'libretranslate', url: lt.url } })
		).json();
		const path = `/api/v1/projects/${team.project.id}/mt`;
		await expectApiError(await callApi(server, path, { token: token.translator, method: 'PUT', body: { engineId: engine.id } }), 403);
		await expectApiError(await callApi(server, path, { token: token.outsider, method: 'PUT', body: { engineId: engine.id } }), 404);
		await expectApiError(await callApi(server, path, { token: token.owner, method: 'PUT', body: { engineId: '1' } }), 400, 'engineId');
		const chosen = await callApi(server, path, { token: token.owner, method: 'PUT', body: { engineId: engine.id } });
		expect(await chosen.json()).toEqual({ engine: { id: engine.id, name: 'Choice', provider: 'libretranslate' } });
		expect(await (await callApi(server, path, { token: token.translator })).json()).toMatchObject({ engine: { id: engine.id } });
		expect(await (await callApi(server, path, { token: token.owner, method: 'PUT', body: { engineId: null } })).json()).toEqual({ engine: null });
	});
});
