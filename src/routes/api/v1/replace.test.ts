import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { apiClientFor, callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { createDocument, createTeam, editSegment, submittedDocument, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import { getDb } from '$lib/server/db/db';
import type { AuthUser } from '$lib/server/auth/sessions';

// POST /api/v1/documents/{id}/replace over real HTTP, through the typed client.

useTestDatabase();
const server = useTestServer();

let team: Team;
const tokenOf = new Map<AuthUser, string>();
const client = (user: AuthUser) => apiClientFor(server, tokenOf.get(user)!);

beforeAll(async () => {
	team = await createTeam({ name: 'Replace API' });
	for (const user of [team.owner, team.translator, team.reviewer, team.outsider]) {
		tokenOf.set(user, (await tokens.createApiToken(getDb(), user, { label: 'tests' })).token);
	}
});

const MT = ['The Ten Thousand Project opened.', 'Two.', 'ten thousand project villages.'];

describe('POST /api/v1/documents/{id}/replace', () => {
	it('replaces in every segment and answers what changed', async () => {
		const doc = await createDocument(team, { mt: MT });
		const result = await client(team.translator).documents.replace(doc.id, { find: 'ten thousand project', replace: 'Ten Million Project' });
		expect(result).toMatchObject({ find: 'ten thousand project', replace: 'Ten Million Project', conflicts: [], notChangeable: [] });
		expect(result.changed.map((c) => c.segmentId)).toEqual([doc.segments[0].id, doc.segments[2].id]);
		const [first] = (await client(team.translator).documents.get(doc.id)).segments;
		expect(first).toMatchObject({ text: 'The Ten Million Project opened.', revisionId: result.changed[0].revisionId });
		const revisions = await client(team.reviewer).segments.revisions(doc.segments[0].id);
		expect(revisions.revisions.map((r) => r.origin)).toEqual(['human', 'mt']);
	});

	it('with caseSensitive and wholeWord, changes only exact whole words', async () => {
		const doc = await createDocument(team, { mt: ['Project projects project.'] });
		const result = await client(team.owner).documents.replace(doc.id, { find: 'project', replace: 'plan', caseSensitive: true, wholeWord: true });
		expect(result.changed).toHaveLength(1);
		expect((await client(team.owner).documents.get(doc.id)).segments[0].text).toBe('Project projects plan.');
	});

	it('lists segments a reviewer may not change, and changes them in review', async () => {
		const draft = await createDocument(team, { mt: MT });
		const refused = await client(team.reviewer).documents.replace(draft.id, { find: 'Two', replace: 'Deux' });
		expect(refused.changed).toEqual([]);
		expect(refused.notChangeable).toEqual([{ segmentId: draft.segments[1].id, position: 2, reason: expect.stringContaining('Not in review') }]);

		const submitted = await submittedDocument(team, { mt: MT });
		const edited = await client(team.reviewer).documents.replace(submitted.id, { find: 'Two', replace: 'Deux' });
		expect(edited.changed.map((c) => c.position)).toEqual([2]);
		expect((await client(team.reviewer).documents.get(submitted.id)).segments[1]).toMatchObject({ text: 'Deux.', state: 'submitted' });
	});

	it('answers 400 naming the field for a find it cannot use', async () => {
		const doc = await createDocument(team, { mt: MT });
		const token = tokenOf.get(team.translator)!;
		for (const body of [{ find: '' }, { find: 'a\u0000' }, { find: 'x'.repeat(501) }, { find: 'a', replace: 'two\nlines' }]) {
			const error = await expectApiError(await callApi(server, `/api/v1/documents/${doc.id}/replace`, { token, body }), 400);
			expect(error.field).toBe('replace' in body ? 'replace' : 'find');
		}
		// Nothing changed on the way.
		expect((await client(team.translator).documents.get(doc.id)).segments.map((s) => s.text)).toEqual(MT);
	});

	it('answers 404 to someone outside the project, 401 to no one', async () => {
		const doc = await createDocument(team, { mt: MT });
		await expectApiError(await callApi(server, `/api/v1/documents/${doc.id}/replace`, { token: tokenOf.get(team.outsider), body: { find: 'Two' } }), 404);
		await expectApiError(await callApi(server, `/api/v1/documents/${doc.id}/replace`, { body: { find: 'Two' } }), 401);
	});

	it('reports nothing as a conflict when the text moved on before the call: it replaces in what is current', async () => {
		const doc = await createDocument(team, { mt: MT });
		await editSegment(team.owner, doc.segments[1].id, 'Two, and Two again.');
		const result = await client(team.translator).documents.replace(doc.id, { find: 'Two', replace: 'Deux', caseSensitive: true });
		expect(result).toMatchObject({ conflicts: [], changed: [{ position: 2, replacements: 2 }] });
	});
});
