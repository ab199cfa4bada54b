import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { importAs } from '$lib/server/testing/factories';
import { callApi, useTestServer } from '$lib/server/testing/http';
import * as projects from '$lib/server/projects/projects';
import * as publications from '$lib/server/publishing/publications';
import * as review from '$lib/server/review/review';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import { blockFromPlainText } from '$lib/import/model';
import type { AuthUser } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';
import { documentAs } from '$lib/server/testing/factories';

// Publishing over HTTP: the API that publishes and the public pages anyone can read.

useTestDatabase();
const server = useTestServer();

let owner: AuthUser;
let ownerToken: string;
let translator: AuthUser;
let reviewer: AuthUser;
let projectId: number;

beforeAll(async () => {
	owner = await users.createUser(getDb(), { email: 'owner@public.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@public.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@public.test', name: 'Rui Reviewer', password: 'correct horse battery' });
	ownerToken = (await tokens.createApiToken(getDb(), owner, { label: 'tests' })).token;
	projectId = (await projects.createProject(getDb(), owner, { name: 'Public', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: translator.email, role: 'translator' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: reviewer.email, role: 'reviewer' });
});

const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });

/** An approved document whose text includes markup, an injected script and CJK. */
async function approvedDocument(): Promise<number> {
	const mt = ['Harbin opens the “Ten Million Project” 🎉', '<script>document.title="owned"</script> & <b>bold</b>'];
	const doc = await importAs(translator, projectId, {
		title: 'Harbin <i>news</i>',
		format: 'text',
		source: [paragraph('哈尔滨启动“千万工程”'), paragraph('脚本。')],
		translation: mt.map(paragraph)
	});
	await review.submitDocument(getDb(), await documentAs(translator, doc.id), { includeUnconfirmed: true });
	await review.approveAllRemaining(getDb(), await documentAs(reviewer, doc.id));
	return doc.id;
}

describe('publishing through the API', () => {
	it('answers 409 with the gate’s reasons, then 201 with the version and its public URL', async () => {
		const draft = await importAs(translator, projectId, { title: 'Draft', format: 'text', source: [paragraph('一。')], translation: [paragraph('One.')] });
		const refused = await callApi(server, `/api/v1/documents/${draft.id}/publish`, { token: ownerToken, body: {} });
		expect(refused.status).toBe(409);
		const body = await refused.json();
		expect(body.error.code).toBe('publish_refused');
		expect(body.reasons).toMatchObject([{ kind: 'not_approved', segments: [{ position: 1, state: 'mt' }] }]);

		const id = await approvedDocument();
		const published = await callApi(server, `/api/v1/documents/${id}/publish`, { token: ownerToken, body: {} });
		expect(published.status).toBe(201);
		expect(await published.json()).toEqual({ version: 1, url: `${server.origin}/p/${id}/v/1` });
		const list = await (await callApi(server, `/api/v1/documents/${id}/publications`, { token: ownerToken })).json();
		expect(list.publications).toMatchObject([{ version: 1, current: true, publishedBy: 'Olga Owner' }]);
		expect(list.publications[0].segments).toHaveLength(2);
	});
});

describe('the public page', () => {
	it('serves the stored article to anyone, with its language, version, cache headers and a 304 on revalidation', async () => {
		const id = await approvedDocument();
		await publications.publishDocument(getDb(), await documentAs(owner, id));
		const res = await server.fetch(`/p/${id}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('public, max-age=60');
		expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
		const html = await res.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('<article lang="en"><p>Harbin opens the “Ten Million Project” 🎉</p>');
		expect(html).toContain('&lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
		expect(html).not.toContain('<script');
		expect(html).toContain('<title>Harbin &lt;i&gt;news&lt;/i&gt;</title>');
		// Link previews get the opening text, escaped like the rest.
		expect(html).toContain(
			'<meta name="description" content="Harbin opens the “Ten Million Project” 🎉 &lt;script&gt;document.title=&quot;owned&quot;&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;">'
		);
		expect(html).toContain('Version 1');

		const etag = res.headers.get('etag')!;
		expect((await server.fetch(`/p/${id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
		expect((await server.fetch(`/p/${id}/v/1`)).status).toBe(200);

		const side = await (await server.fetch(`/p/${id}/v/1?view=source`)).text();
		expect(side).toContain('<td lang="zh-Hans"><p>哈尔滨启动“千万工程”</p></td><td lang="en"><p>Harbin opens the “Ten Million Project” 🎉</p></td>');
	});

	it('is 404 for drafts, unknown versions and unpublished documents', async () => {
		const id = await approvedDocument();
		expect((await server.fetch(`/p/${id}`)).status).toBe(404);
		const doc = await documentAs(owner, id);
		await publications.publishDocument(getDb(), doc);
		expect((await server.fetch(`/p/${id}/v/2`)).status).toBe(404);
		await publications.unpublish(getDb(), doc);
		expect((await server.fetch(`/p/${id}`)).status).toBe(404);
		expect((await server.fetch(`/p/${id}/v/1`)).status).toBe(404);
		expect((await server.fetch('/p/2147483647')).status).toBe(404);
	});
});

describe('the site icon', () => {
	it('answers /favicon.ico, which browsers ask for on their own, with the SVG icon', async () => {
		const res = await server.fetch('/favicon.ico');
		expect(res.status).toBe(308);
		expect(res.headers.get('location')).toBe('/favicon.svg');
	});
});
