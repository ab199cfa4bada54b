import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import { createDocument, createTeam, type Team } from '$lib/server/testing/factories';
import { SESSION_COOKIE, createSession } from '$lib/server/auth/sessions';
import * as tokens from '$lib/server/auth/tokens';
import { parse } from 'devalue';

// Integration: text that cannot be read as it was sent (bytes that are not UTF-8, another declared
// charset, a lone surrogate escaped in JSON) is refused with a message at every door, before
// SvelteKit or the API would have decoded it with U+FFFD, and nothing is stored.

useTestDatabase();
const server = useTestServer();

let team: Team;
let cookie: string;
let token: string;

beforeAll(async () => {
	team = await createTeam();
	cookie = `${SESSION_COOKIE}=${(await createSession(team.owner.id)).token}`;
	token = (await tokens.createApiToken(getDb(), team.owner, { label: 'tests' })).token;
});

const projectCount = async () => (await sql<{ n: number }>`select count(*)::int as n from projects`.execute(getDb())).rows[0].n;

/** A page form post as the browser sends it, `enhanced` as use:enhance does. */
function postForm(path: string, body: BodyInit, contentType: string | null, enhanced: boolean): Promise<Response> {
	const headers: Record<string, string> = { cookie, origin: server.origin, accept: enhanced ? 'application/json' : 'text/html' };
	if (enhanced) headers['x-sveltekit-action'] = 'true';
	if (contentType) headers['content-type'] = contentType;
	return server.fetch(path, { method: 'POST', headers, body });
}

async function failureOf(res: Response): Promise<{ status: number; data: Record<string, unknown> }> {
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	const result = (await res.json()) as { type: string; status: number; data: string };
	expect(result.type).toBe('failure');
	return { status: result.status, data: parse(result.data) };
}

const urlencoded = 'application/x-www-form-urlencoded';

describe('a page form', () => {
	it('that is not UTF-8 is refused with a message use:enhance shows beside the field, and stores nothing', async () => {
		const before = await projectCount();
		for (const name of ['caf%E9', 'x%ED%A0%80y', '%C3%28']) {
			const res = await postForm('/projects/new', `name=${name}&sourceLang=zh-Hans&targetLang=en`, urlencoded, true);
			expect(res.status).toBe(400);
			const { status, data } = await failureOf(res);
			expect(status).toBe(400);
			expect(data).toMatchObject({
				field: 'name',
				message: expect.stringMatching(/^The form's field “name” is not valid UTF-8 text/),
				errors: { name: expect.any(String) }
			});
		}
		// The same without JavaScript: a readable 400.
		const plain = await postForm('/projects/new', 'name=caf%E9&sourceLang=zh-Hans&targetLang=en', urlencoded, false);
		expect(plain.status).toBe(400);
		expect(plain.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/);
		expect(await plain.text()).toMatch(/“name” is not valid UTF-8 text.* Nothing was saved/);
		expect(await projectCount()).toBe(before);
		// UTF-8 goes through.
		const ok = await postForm('/projects/new', `name=${encodeURIComponent('Café 哈尔滨')}&sourceLang=zh-Hans&targetLang=en`, urlencoded, true);
		expect((await ok.json()).type).toBe('redirect');
		expect(await projectCount()).toBe(before + 1);
	});

	it('that declares another charset is refused, however the charset is written', async () => {
		const before = await projectCount();
		for (const type of [`${urlencoded}; charset=iso-8859-1`, `${urlencoded};charset="ISO-8859-1"`, `${urlencoded}; Charset=windows-1252`]) {
			const res = await postForm('/projects/new', 'name=Plain&sourceLang=zh-Hans&targetLang=en', type, true);
			expect((await failureOf(res)).data.message, type).toMatch(/^The form was sent as (iso-8859-1|windows-1252); this server reads text only as UTF-8/);
		}
		expect(await projectCount()).toBe(before);
	});

	it('sent as multipart is refused for a text field that is not UTF-8, while a file keeps its own check', async () => {
		const path = `/projects/${team.project.slug}/documents/new?/preview`;
		const form = (source: string, file?: File) => {
			const data = new FormData();
			data.append('title', 'A title');
			data.append('format', 'auto');
			data.append('source', source);
			if (file) data.append('sourceFile', file);
			return data;
		};
		// Serialised by the platform, then one field's bytes made Latin-1.
		const serialised = new Response(form('caf\u00e9 MARK'));
		const bytes = Buffer.from(await serialised.arrayBuffer());
		const at = bytes.indexOf('caf\u00e9 MARK');
		const latin = Buffer.concat([bytes.subarray(0, at), Buffer.from('caf\u00e9', 'latin1'), bytes.subarray(at + Buffer.byteLength('caf\u00e9 MARK'))]);
		const refused = await failureOf(await postForm(path, latin, serialised.headers.get('content-type'), true));
		expect(refused).toMatchObject({ status: 400, data: { field: 'source', message: expect.stringMatching(/“source” is not valid UTF-8/) } });
		// An uploaded file in GBK is the import's to judge, and it says which encoding to use.
		const gbk = new File([Uint8Array.from([0xb9, 0xfe, 0xb6, 0xfb, 0xb1, 0xf5, 0xca, 0xd0])], 'gbk.txt', { type: 'text/plain' });
		const file = await postForm(path, form('', gbk), null, true);
		expect(await failureOf(file)).toMatchObject({ status: 415, data: { message: expect.stringMatching(/not valid UTF-8 text \(it may use GBK/) } });
	});
});

describe('the JSON API', () => {
	it('refuses a declared charset other than UTF-8 with 415, and accepts UTF-8 however written', async () => {
		const [s] = (await createDocument(team, { mt: ['One.'] })).segments;
		const put = (type: string, text: string) =>
			callApi(server, `/api/v1/segments/${s.id}`, { token, method: 'PUT', body: { baseRevisionId: s.revisionId, text }, headers: { 'content-type': type } });
		const error = await expectApiError(await put('application/json; charset=iso-8859-1', 'Latin?'), 415);
		expect(error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/^The JSON body was sent as iso-8859-1/) });
		expect((await expectApiError(await put('application/json;charset="Windows-1252"', 'Latin?'), 415)).code).toBe('unsupported_media_type');
		expect((await put('application/json; charset="UTF-8"', 'One, edited.')).status).toBe(200);
	});

	it('refuses a lone surrogate escaped in a string, naming where it is, and stores nothing', async () => {
		const [s] = (await createDocument(team, { mt: ['One.'] })).segments;
		const text = `{"baseRevisionId": ${s.revisionId}, "text": "One\\ud800, edited."}`;
		const error = await expectApiError(await callApi(server, `/api/v1/segments/${s.id}`, { token, method: 'PUT', body: text }), 400, 'text');
		expect(error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/^text holds half of a UTF-16 surrogate pair/) });
		const content = `{"baseRevisionId": ${s.revisionId}, "content": {"type": "paragraph", "content": [{"type": "text", "text": "\\udc00"}]}}`;
		await expectApiError(await callApi(server, `/api/v1/segments/${s.id}`, { token, method: 'PUT', body: content }), 400, 'content.content.0.text');
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from revisions where segment_id = ${s.id}`.execute(getDb());
		expect(rows[0].n).toBe(1);
	});

	it('refuses a query string that is not UTF-8, and so does a page', async () => {
		const doc = await createDocument(team, { mt: ['One.'] });
		const error = await expectApiError(await callApi(server, `/api/v1/documents/${doc.id}/export?format=md%FF`, { token }), 400, 'format');
		expect(error.message).toMatch(/^The query parameter “format” is not valid UTF-8 text/);
		const page = await server.fetch(`/projects/${team.project.slug}/documents/${doc.id}/publish?from=%ED%A0%80`, { headers: { cookie } });
		expect(page.status).toBe(400);
		expect(await page.text()).toMatch(/“from” is not valid UTF-8/);
	});
});
