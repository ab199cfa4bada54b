import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { approvedDocument, createDocument, createTeam, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import { getDb } from '$lib/server/db/db';

// The translation memory over real HTTP: GET /segments/{id}/matches and GET /projects/{id}/tm,
// for members, and for no one else.

useTestDatabase();
const server = useTestServer();
const call = (path: string, options?: CallOptions) => callApi(server, path, options);

let team: Team;
let translatorToken: string;
let outsiderToken: string;

beforeAll(async () => {
	team = await createTeam({ name: 'Memory API' });
	translatorToken = (await tokens.createApiToken(getDb(), team.translator, { label: 'tests' })).token;
	outsiderToken = (await tokens.createApiToken(getDb(), team.outsider, { label: 'tests' })).token;
	await approvedDocument(team, { source: ['黑龙江省实施“千万工程”。'], mt: ['Heilongjiang carries out the “Ten Million Project”.'], title: 'Approved' });
});

describe('GET /api/v1/segments/{id}/matches', () => {
	it('lists the matches with their score, texts and origin', async () => {
		const doc = await createDocument(team, { source: ['黑龙江省实施“百万工程”。'], mt: ['MT'] });
		const res = await call(`/api/v1/segments/${doc.segments[0].id}/matches`, { token: translatorToken });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			minScore: 50,
			matches: [
				{
					kind: 'tm',
					unitId: expect.any(Number),
					score: 92,
					source: '黑龙江省实施“千万工程”。',
					target: 'Heilongjiang carries out the “Ten Million Project”.',
					sourceContent: { type: 'paragraph', content: [{ type: 'text', text: '黑龙江省实施“千万工程”。' }] },
					targetContent: { type: 'paragraph', content: [{ type: 'text', text: 'Heilongjiang carries out the “Ten Million Project”.' }] },
					origin: {
						kind: 'approval',
						projectId: team.project.id,
						documentId: expect.any(Number),
						documentTitle: 'Approved',
						author: team.translator.name,
						createdAt: expect.stringMatching(/^\d{4}-/)
					}
				}
			]
		});
	});

	it('is a 404 for someone outside the project', async () => {
		const doc = await createDocument(team, { source: ['黑龙江省实施“千万工程”。'], mt: ['MT'] });
		await expectApiError(await call(`/api/v1/segments/${doc.segments[0].id}/matches`, { token: outsiderToken }), 404);
	});
});

describe('GET /api/v1/projects/{id}/tm', () => {
	it('finds a phrase, with where it is, for members only', async () => {
		const res = await call(`/api/v1/projects/${team.project.id}/tm?q=${encodeURIComponent('ten million')}`, { token: translatorToken });
		expect(res.status).toBe(200);
		const { results, more } = await res.json();
		expect(results).toHaveLength(1);
		expect(more).toBe(false);
		expect(results[0]).toMatchObject({ source: '黑龙江省实施“千万工程”。', targetSpans: [[30, 41]], documentTitle: 'Approved' });
		await expectApiError(await call(`/api/v1/projects/${team.project.id}/tm?q=x`, { token: outsiderToken }), 404);
		await expectApiError(await call(`/api/v1/projects/${team.project.id}/tm`, { token: translatorToken }), 400, 'q');
		await expectApiError(await call(`/api/v1/projects/${team.project.id}/tm?q=${'长'.repeat(201)}`, { token: translatorToken }), 400, 'q');
	});
});
