import { beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { importAs } from '$lib/server/testing/factories';
import { callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import * as projects from '$lib/server/projects/projects';
import * as publications from '$lib/server/publishing/publications';
import * as review from '$lib/server/review/review';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import { blockFromPlainText } from '$lib/import/model';
import { xliffSchema, xmllint } from '$lib/testing/export-fixture';
import type { AuthUser } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/db';
import { documentAs } from '$lib/server/testing/factories';

// GET /api/v1/documents/{id}/export over HTTP: permissions, formats, a version or the current state.

useTestDatabase();
const server = useTestServer();

let owner: AuthUser;
let translator: AuthUser;
let reviewer: AuthUser;
let ownerToken: string;
let translatorToken: string;
let strangerToken: string;
let projectId: number;

const TITLE = 'Harbin <i>news</i>';
const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });
const MT = ['Harbin opens the “Ten Million Project” 🎉', '<script>document.title="owned"</script> & <b>bold</b>'];

beforeAll(async () => {
	owner = await users.createUser(getDb(), { email: 'owner@export.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@export.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@export.test', name: 'Rui Reviewer', password: 'correct horse battery' });
	const stranger = await users.createUser(getDb(), { email: 'stranger@export.test', name: 'Sam Stranger', password: 'correct horse battery' });
	ownerToken = (await tokens.createApiToken(getDb(), owner, { label: 'tests' })).token;
	translatorToken = (await tokens.createApiToken(getDb(), translator, { label: 'tests' })).token;
	strangerToken = (await tokens.createApiToken(getDb(), stranger, { label: 'tests' })).token;
	projectId = (await projects.createProject(getDb(), owner, { name: 'Export', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: translator.email, role: 'translator' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: projectId }))!, { email: reviewer.email, role: 'reviewer' });
});

async function createDraft(): Promise<number> {
	const doc = await importAs(translator, projectId, {
		title: TITLE,
		format: 'text',
		source: [paragraph('哈尔滨启动“千万工程”'), paragraph('脚本。')],
		translation: MT.map(paragraph)
	});
	return doc.id;
}

/** A document approved and published as version 1. */
async function publishedDocument(): Promise<number> {
	const id = await createDraft();
	await review.submitDocument(getDb(), await documentAs(translator, id), { includeUnconfirmed: true });
	await review.approveAllRemaining(getDb(), await documentAs(reviewer, id));
	await publications.publishDocument(getDb(), await documentAs(owner, id));
	return id;
}

const exportOf = (id: number, query: string, token = translatorToken) => callApi(server, `/api/v1/documents/${id}/export?${query}`, { token });

describe('GET /api/v1/documents/{id}/export', () => {
	it('lets members download a published version in every format, as an attachment', async () => {
		const id = await publishedDocument();
		const cases: [string, RegExp, string][] = [
			['html', /^text\/html/, 'html'],
			['md', /^text\/markdown/, 'md'],
			['txt', /^text\/plain/, 'txt'],
			['json', /^application\/json/, 'json'],
			['xliff12', /^application\/xliff\+xml/, 'xlf'],
			['xliff20', /^application\/xliff\+xml/, 'xliff'],
			['tmx', /^application\/x-tmx\+xml/, 'tmx']
		];
		for (const [format, type, ext] of cases) {
			const res = await exportOf(id, `format=${format}&version=1`);
			expect(res.status, format).toBe(200);
			expect(res.headers.get('content-type')).toMatch(type);
			expect(res.headers.get('content-disposition')).toBe(`attachment; filename="harbin-i-news-i-v1.${ext}"`);
			expect(await res.text()).toContain(format === 'md' ? '&lt;script>' : format === 'txt' || format === 'json' ? '<script>' : '&lt;script&gt;');
		}
		for (const [format, version] of [
			['xliff12', '1.2'],
			['xliff20', '2.0']
		] as const) {
			const xml = await (await exportOf(id, `format=${format}&version=1`)).text();
			expect(await xmllint(xml, xliffSchema(version)), format).toEqual({ valid: true, errors: [] });
		}
		const html = await (await exportOf(id, 'format=html&version=current')).text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('<title>Harbin &lt;i&gt;news&lt;/i&gt;</title>');
		expect(html).not.toContain('<script');
	});

	it('exports the current state without a version: each segment’s text and state', async () => {
		const id = await createDraft();
		const res = await exportOf(id, 'format=json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="harbin-i-news-i-current.json"');
		const body = await res.json();
		expect(body).toMatchObject({ document: TITLE, version: 'current', sourceLang: 'zh-Hans', targetLang: 'en' });
		expect(body.segments.map((s: { state: string; target: { text: string } }) => [s.state, s.target.text])).toEqual(MT.map((t) => ['mt', t]));

		// Nothing is approved yet: the translation memory is empty, the XLIFF says the MT needs review.
		const tmx = new XMLParser().parse(await (await exportOf(id, 'format=tmx')).text());
		expect(tmx.tmx.body).toBe('');
		const xliff = await (await exportOf(id, 'format=xliff12')).text();
		expect(xliff.match(/state="needs-review-translation"/g)).toHaveLength(2);
		expect(await xmllint(xliff, xliffSchema('1.2'))).toEqual({ valid: true, errors: [] });
		expect(await xmllint(await (await exportOf(id, 'format=xliff20')).text(), xliffSchema('2.0'))).toEqual({ valid: true, errors: [] });
	});

	it('answers 400 for an unknown format or a malformed version, naming what is allowed', async () => {
		const id = await publishedDocument();
		const error = await expectApiError(await exportOf(id, 'format=docx'), 400, 'format');
		expect(error.message).toContain('html, md, txt, json, xliff12, xliff20, tmx');
		await expectApiError(await exportOf(id, ''), 400, 'format');
		await expectApiError(await exportOf(id, 'format=md&version=latest'), 400, 'version');
	});

	it('answers 404 for an unknown version, an unpublished document’s current version and non-members; 401 without login', async () => {
		const id = await publishedDocument();
		await expectApiError(await exportOf(id, 'format=md&version=2'), 404);
		const draft = await createDraft();
		await expectApiError(await exportOf(draft, 'format=md&version=current'), 404);
		await expectApiError(await exportOf(id, 'format=md', strangerToken), 404);
		await expectApiError(await callApi(server, `/api/v1/documents/${id}/export?format=md`), 401);
		expect((await exportOf(id, 'format=md', ownerToken)).status).toBe(200);
	});
});
