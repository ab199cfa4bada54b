import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { getDb } from '$lib/server/db/db';
import { callApi, expectApiError, useTestServer, type CallOptions } from '$lib/server/testing/http';
import { MAX_JSON_BYTES } from '$lib/server/http/api';
import * as auth from '$lib/server/auth/sessions';
import * as documents from '$lib/server/documents/documents';
import * as projects from '$lib/server/projects/projects';
import * as tokens from '$lib/server/auth/tokens';
import * as users from '$lib/server/accounts/users';
import type { AuthUser } from '$lib/server/auth/sessions';

// Integration: documents, segments, revisions and diffs over HTTP on this file's own database
// (PGlite, or Postgres with TEST_DATABASE_URL). Users, tokens and the project are created in
// beforeAll, before the server's first request; documents are imported through the API.

useTestDatabase();
const server = useTestServer();

let translator: AuthUser;
let ownerToken: string;
let translatorToken: string;
let reviewerToken: string;
let outsiderToken: string;
let project: projects.Project;

beforeAll(async () => {
	const create = (email: string, name: string) => users.createUser(getDb(), { email, name, password: 'correct horse battery' });
	const owner = await create('owner@documents.test', 'Olga Owner');
	translator = await create('translator@documents.test', 'Tariq Translator');
	const reviewer = await create('reviewer@documents.test', 'Rita Reviewer');
	const outsider = await create('outsider@documents.test', 'Otto Outsider');
	ownerToken = (await tokens.createApiToken(getDb(), owner, { label: 'tests' })).token;
	translatorToken = (await tokens.createApiToken(getDb(), translator, { label: 'tests' })).token;
	reviewerToken = (await tokens.createApiToken(getDb(), reviewer, { label: 'tests' })).token;
	outsiderToken = (await tokens.createApiToken(getDb(), outsider, { label: 'tests' })).token;

	project = await projects.createProject(getDb(), owner, { name: 'Heilongjiang Daily', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, {
		email: translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: reviewer.email, role: 'reviewer' });
});

const call = (path: string, options?: CallOptions) => callApi(server, path, options);
const expectError = expectApiError;

interface SegmentBody {
	id: number;
	position: number;
	source: string;
	mt: string | null;
	text: string;
	state: string;
	revisionId: number | null;
	content: { type: string; attrs?: { level: number }; content?: { type: string; text?: string; marks?: unknown[] }[] } | null;
	lastEditor: string | null;
}

interface RevisionBody {
	id: number;
	parentId: number | null;
	origin: string;
	author: string | null;
	text: string;
	wordsInserted: number;
	wordsDeleted: number;
}

const documentsPath = () => `/api/v1/projects/${project.id}/documents`;

/** Imports through the API and returns the new document's id; fails the test on anything but 201. */
async function importDocument(body: Record<string, unknown>, token = translatorToken): Promise<number> {
	const res = await call(documentsPath(), { token, body: { title: 'A document', format: 'text', ...body } });
	expect(res.status, await res.clone().text()).toBe(201);
	return (await res.json()).id;
}

async function getSegments(documentId: number, token = translatorToken): Promise<SegmentBody[]> {
	const res = await call(`/api/v1/documents/${documentId}`, { token });
	expect(res.status).toBe(200);
	return (await res.json()).segments;
}

async function getRevisions(segmentId: number, token = translatorToken): Promise<RevisionBody[]> {
	const res = await call(`/api/v1/segments/${segmentId}/revisions`, { token });
	expect(res.status).toBe(200);
	return (await res.json()).revisions;
}

function save(segmentId: number, body: unknown, token = translatorToken, headers?: Record<string, string>): Promise<Response> {
	return call(`/api/v1/segments/${segmentId}`, { method: 'PUT', token, body, headers });
}

/** A one-paragraph segment's state as a save, a restore or a conflict reports it (the translator edited it last). */
const segmentState = (id: number, revisionId: number, text: string, rest: { state: string; differsFromMt: boolean }) => ({
	id,
	revisionId,
	text,
	content: { type: 'paragraph', content: [{ type: 'text', text }] },
	lastEditor: 'Tariq Translator',
	confirmed: false,
	updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
	...rest
});

const SOURCE = '哈尔滨万人项目开工。\n\n项目将于明年完成。';
const MT = 'The Harbin Ten Thousand Project started.\n\nThe project will be completed next year.';

describe('POST /api/v1/projects/{id}/documents', () => {
	it('imports plain text with its MT: 201 with id, segment count and Location', async () => {
		const res = await call(documentsPath(), { token: translatorToken, body: { title: ' Harbin news ', source: SOURCE, translation: MT, format: 'text' } });
		expect(res.status).toBe(201);
		const created = await res.json();
		expect(created).toEqual({ id: expect.any(Number), segments: 2 });
		expect(res.headers.get('location')).toBe(`/api/v1/documents/${created.id}`);

		const doc = await (await call(`/api/v1/documents/${created.id}`, { token: translatorToken })).json();
		expect(doc).toMatchObject({ id: created.id, title: 'Harbin news', format: 'text', projectId: project.id, sourceLang: 'zh-Hans', targetLang: 'en' });
		expect(doc.segments).toEqual([
			{
				id: expect.any(Number),
				position: 1,
				source: '哈尔滨万人项目开工。',
				mt: 'The Harbin Ten Thousand Project started.',
				text: 'The Harbin Ten Thousand Project started.',
				state: 'mt',
				revisionId: expect.any(Number),
				content: { type: 'paragraph', content: [{ type: 'text', text: 'The Harbin Ten Thousand Project started.' }] },
				lastEditor: null,
				confirmed: false
			},
			expect.objectContaining({ position: 2, source: '项目将于明年完成。', text: 'The project will be completed next year.', state: 'mt' })
		]);
	});

	it('imports a document without a translation: untranslated segments with no revision', async () => {
		for (const translation of [undefined, null, '  \n\n ']) {
			const id = await importDocument({ source: SOURCE, ...(translation === undefined ? {} : { translation }) });
			const segments = await getSegments(id);
			expect(segments).toHaveLength(2);
			for (const s of segments) {
				expect(s).toMatchObject({ state: 'untranslated', revisionId: null, mt: null, text: '', content: null });
				expect(await getRevisions(s.id)).toEqual([]);
			}
		}
	});

	it('keeps markdown bold, italic and links; headings are segments of their own', async () => {
		const id = await importDocument({
			format: 'markdown',
			source: '# 万人项目\n\n项目**今天**开工，*据*[日报](https://example.org/daily)报道。\n\n## 背景\n\n去年宣布。',
			translation:
				'# The Ten Thousand Project\n\nThe project started **today**, *according to* the [Daily](https://example.org/daily "Heilongjiang Daily").\n\n## Background\n\nIt was announced last year.'
		});
		const segments = await getSegments(id);
		expect(segments.map((s) => [s.source, s.text])).toEqual([
			['万人项目', 'The Ten Thousand Project'],
			['项目今天开工，据日报报道。', 'The project started today, according to the Daily.'],
			['背景', 'Background'],
			['去年宣布。', 'It was announced last year.']
		]);
		expect(segments[0].content).toEqual({ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'The Ten Thousand Project' }] });
		expect(segments[2].content).toMatchObject({ type: 'heading', attrs: { level: 2 } });
		expect(segments[1].content).toEqual({
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'The project started ' },
				{ type: 'text', text: 'today', marks: [{ type: 'strong' }] },
				{ type: 'text', text: ', ' },
				{ type: 'text', text: 'according to', marks: [{ type: 'em' }] },
				{ type: 'text', text: ' the ' },
				{ type: 'text', text: 'Daily', marks: [{ type: 'link', attrs: { href: 'https://example.org/daily', title: 'Heilongjiang Daily' } }] },
				{ type: 'text', text: '.' }
			]
		});
	});

	it('keeps HTML bold, italic and links, without a translation too', async () => {
		const html = (heading: string, p: string) => `<h2>${heading}</h2><p>${p}</p>`;
		const withMt = await importDocument({
			format: 'html',
			source: html('万人项目', '<b>今天</b>开工'),
			translation: html('Ten Thousand', 'Started <strong>today</strong>, <i>says</i> <a href="https://example.org/x">the paper</a>')
		});
		const [heading, body] = await getSegments(withMt);
		expect(heading.content).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Ten Thousand' }] });
		expect(body.content?.content).toEqual([
			{ type: 'text', text: 'Started ' },
			{ type: 'text', text: 'today', marks: [{ type: 'strong' }] },
			{ type: 'text', text: ', ' },
			{ type: 'text', text: 'says', marks: [{ type: 'em' }] },
			{ type: 'text', text: ' ' },
			{ type: 'text', text: 'the paper', marks: [{ type: 'link', attrs: { href: 'https://example.org/x', title: null } }] }
		]);

		const withoutMt = await importDocument({ format: 'html', source: html('万人项目', '<b>今天</b>开工') });
		expect((await getSegments(withoutMt)).map((s) => [s.source, s.state, s.revisionId])).toEqual([
			['万人项目', 'untranslated', null],
			['今天开工', 'untranslated', null]
		]);
	});

	it('lists the project’s documents for any member, newest first', async () => {
		const res = await call(documentsPath(), { token: reviewerToken });
		expect(res.status).toBe(200);
		const { documents: list } = await res.json();
		expect(list.length).toBeGreaterThanOrEqual(5);
		expect(list[0]).toEqual({
			id: expect.any(Number),
			title: 'A document',
			format: 'html',
			segments: 2,
			edited: 0,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			createdBy: 'Tariq Translator'
		});
		expect(list.find((d: { title: string }) => d.title === 'Harbin news')).toMatchObject({ format: 'text', segments: 2 });
	});

	it('is 400 misaligned with both counts when source and translation differ', async () => {
		const before = (await documents.listDocuments(getDb(), project.id)).length;
		const err = await expectError(
			await call(documentsPath(), {
				token: translatorToken,
				body: { title: 'Misaligned', source: 'One.\n\nTwo.\n\nThree.', translation: 'One.\n\nTwo.', format: 'text' }
			}),
			400,
			'translation'
		);
		expect(err.code).toBe('misaligned');
		expect(err.message).toMatch(/\b3\b/);
		expect(err.message).toMatch(/\b2\b/);
		expect((await documents.listDocuments(getDb(), project.id)).length).toBe(before);
	});

	it.each([
		['source', 'an empty source', { title: 'Empty', source: '', format: 'text' }],
		['source', 'a blank markdown source', { title: 'Blank', source: ' \n\n\t ', format: 'markdown' }],
		['source', 'HTML with no text', { title: 'Tags only', source: '<p></p><br>', format: 'html' }],
		['source', 'no source', { title: 'No source', format: 'text' }],
		['source', 'a number as source', { title: 'Number', source: 42, format: 'text' }],
		['format', 'format pdf', { title: 'PDF', source: 'Text.', format: 'pdf' }],
		['format', 'format TEXT', { title: 'Upper', source: 'Text.', format: 'TEXT' }],
		['title', 'no title', { source: 'Text.', format: 'text' }],
		['title', 'a blank title', { title: '   ', source: 'Text.', format: 'text' }],
		['title', 'a title of 301 characters', { title: 'x'.repeat(301), source: 'Text.', format: 'text' }],
		['translation', 'a translation that is an array', { title: 'Bad translation', source: 'Text.', translation: ['Text.'], format: 'text' }]
	])('is 400 naming %s for %s', async (field, _, body) => {
		const err = await expectError(await call(documentsPath(), { token: translatorToken, body }), 400, field);
		expect(err.code).toBe('invalid');
	});

	it('is 400 for a body that is not a JSON object', async () => {
		await expectError(await call(documentsPath(), { token: translatorToken, body: '["Text."]' }), 400);
		await expectError(await call(documentsPath(), { token: translatorToken, body: 'null' }), 400);
	});

	it('is 400 invalid_json for malformed JSON', async () => {
		const err = await expectError(await call(documentsPath(), { token: translatorToken, body: '{"title": "Broken", "source": "Text' }), 400);
		expect(err.code).toBe('invalid_json');
	});

	it('is 400 invalid_json for a body that is not UTF-8, creating nothing', async () => {
		const before = (await call(documentsPath(), { token: translatorToken }).then((r) => r.json())) as { documents: unknown[] };
		// "Bad \xff title": a byte that no UTF-8 text contains.
		const bytes = Buffer.concat([Buffer.from('{"title": "Bad '), Buffer.from([0xff]), Buffer.from(' title", "source": "一。", "format": "text"}')]);
		const res = await server.fetch(documentsPath(), {
			method: 'POST',
			headers: { authorization: `Bearer ${translatorToken}`, 'content-type': 'application/json' },
			body: bytes
		});
		const err = await expectError(res, 400);
		expect(err.code).toBe('invalid_json');
		expect(err.message).toMatch(/UTF-8/);
		const after = (await call(documentsPath(), { token: translatorToken }).then((r) => r.json())) as { documents: unknown[] };
		expect(after.documents.length).toBe(before.documents.length);
	});

	it('is a JSON 413 for a body over 1 MiB', async () => {
		const body = { title: 'Huge', source: 'word '.repeat(MAX_JSON_BYTES / 5 + 10), format: 'text' };
		const err = await expectError(await call(documentsPath(), { token: translatorToken, body }), 413);
		expect(err.code).toBe('payload_too_large');
	});

	it('imports text with NUL bytes and control characters cleaned, and refuses lone surrogates, without a 500', async () => {
		const id = await importDocument({
			title: 'Odd characters',
			source: '哈尔滨\u0000开工。\n\n第二段\u0007',
			translation: 'Harbin\u0000 started.\n\nSecond\u001b paragraph'
		});
		const segments = await getSegments(id);
		expect(segments.map((s) => [s.source, s.text])).toEqual([
			['哈尔滨开工。', 'Harbin started.'],
			['第二段', 'Second paragraph']
		]);
		// Half a surrogate pair is no character: stored, it could only be U+FFFD, which nobody sent.
		for (const [field, body] of [
			['source', { source: '哈尔滨开工\ud800。' }],
			['translation', { source: 'Text.', translation: 'Second paragraph\udfff' }]
		] as const) {
			const res = await call(documentsPath(), { token: translatorToken, body: { title: 'Lone surrogates', format: 'text', ...body } });
			expect((await expectError(res, 400, field)).code).toBe('invalid_json');
		}
	});

	it('cleans a title of NUL bytes and refuses one with a lone surrogate, instead of failing with a 500', async () => {
		const titles = async () => (await documents.listDocuments(getDb(), project.id)).map((d) => d.title);
		await importDocument({ title: 'Bad\u0000 title', source: 'Text.' });
		expect(await titles()).toEqual(expect.arrayContaining(['Bad title']));
		await expectError(await call(documentsPath(), { token: translatorToken, body: { title: 'Lone \ud800 surrogate', source: 'Text.' } }), 400, 'title');
		await expectError(await call(documentsPath(), { token: translatorToken, body: { title: '\u0000\u0007', source: 'Text.' } }), 400, 'title');
	});

	it.each([
		['more than 5,000 paragraphs', { source: 'Paragraph.\n\n'.repeat(5_001) }, 'source', /5,000 paragraphs/],
		['a paragraph over 20,000 characters', { source: 'Short.\n\n' + 'x'.repeat(20_001) }, 'source', /Paragraph 2 .*20,000/],
		['a translation paragraph over 20,000 characters', { source: 'Short.', translation: 'y'.repeat(20_001) }, 'translation', /20,000/],
		['more than 100,000 HTML tags', { format: 'html', source: '<i>'.repeat(100_001) + 'Text.' }, 'source', /HTML tags/]
	])('is 413 naming the side for %s, with what to do', async (_, body, field, message) => {
		const res = await call(documentsPath(), { token: translatorToken, body: { title: 'Too big', format: 'text', ...body } });
		const err = await expectError(res, 413, field);
		expect(err.code).toBe('payload_too_large');
		expect(err.message).toMatch(message);
	});

	it('is 415 for a body not declared as JSON', async () => {
		const body = JSON.stringify({ title: 'Form', source: 'Text.', format: 'text' });
		for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
			const res = await call(documentsPath(), { token: translatorToken, body, headers: { 'content-type': type } });
			expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
		}
	});

	it('is 403 for a reviewer and 404 for a non-member, creating nothing', async () => {
		const before = (await documents.listDocuments(getDb(), project.id)).length;
		const body = { title: 'Refused', source: 'Text.', format: 'text' };
		expect((await expectError(await call(documentsPath(), { token: reviewerToken, body }), 403)).code).toBe('forbidden');
		expect((await expectError(await call(documentsPath(), { token: outsiderToken, body }), 404)).code).toBe('not_found');
		expect((await documents.listDocuments(getDb(), project.id)).length).toBe(before);
	});

	it('lets the owner import', async () => {
		await importDocument({ title: 'By the owner', source: 'Text.' }, ownerToken);
	});
});

describe('a segment’s life: saves, conflicts, history, restore and diffs', () => {
	let documentId: number;
	let first: SegmentBody;
	let second: SegmentBody;
	let untranslated: SegmentBody;
	let edit1: number;

	beforeAll(async () => {
		documentId = await importDocument({ title: 'Ten Thousand Project', source: SOURCE, translation: MT });
		[first, second] = await getSegments(documentId);
		[untranslated] = await getSegments(await importDocument({ title: 'From scratch', source: '从零开始。' }));
	});

	it('lets a translator save on top of the MT: 200 with the new revision and state', async () => {
		const res = await save(first.id, { baseRevisionId: first.revisionId, text: 'The Harbin Ten Million Project started.', secondsSpent: 42 });
		expect(res.status).toBe(200);
		const saved = await res.json();
		expect(saved).toEqual({
			revisionId: expect.any(Number),
			state: 'edited',
			unchanged: false,
			segment: segmentState(first.id, saved.revisionId, 'The Harbin Ten Million Project started.', { state: 'edited', differsFromMt: true }),
			// The QA issues of the saved text (this source has no number, term or mark it could miss).
			qa: []
		});
		edit1 = saved.revisionId;

		const [now] = await getSegments(documentId);
		expect(now).toMatchObject({
			revisionId: edit1,
			text: 'The Harbin Ten Million Project started.',
			mt: 'The Harbin Ten Thousand Project started.',
			state: 'edited',
			lastEditor: 'Tariq Translator'
		});
	});

	it('shows MT → latest as “Thousand” deleted and “Million” inserted', async () => {
		const res = await call(`/api/v1/segments/${first.id}/diff?from=${first.revisionId}&to=${edit1}`, { token: translatorToken });
		expect(res.status).toBe(200);
		const diff = await res.json();
		expect(diff).toEqual({
			from: first.revisionId,
			to: edit1,
			kind: 'diff',
			parts: [
				{ op: 'equal', text: 'The Harbin Ten ' },
				{ op: 'delete', text: 'Thousand' },
				{ op: 'insert', text: 'Million' },
				{ op: 'equal', text: ' Project started.' }
			]
		});
	});

	it('records nothing new for a save of identical content: unchanged, same revision', async () => {
		const before = await getRevisions(first.id);
		const res = await save(first.id, { baseRevisionId: edit1, text: 'The Harbin Ten Million Project started.' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			revisionId: edit1,
			state: 'edited',
			unchanged: true,
			segment: expect.objectContaining({ revisionId: edit1, state: 'edited', lastEditor: 'Tariq Translator', differsFromMt: true }),
			qa: []
		});
		const sameAsContent = await save(first.id, {
			baseRevisionId: edit1,
			content: { type: 'paragraph', content: [{ type: 'text', text: 'The Harbin Ten Million Project started.' }] }
		});
		expect((await sameAsContent.json()).unchanged).toBe(true);
		expect(await getRevisions(first.id)).toEqual(before);
	});

	it('is 409 with the current version for a save based on a stale revision, changing nothing', async () => {
		const res = await save(first.id, { baseRevisionId: first.revisionId, text: 'A competing edit.' });
		expect(res.status).toBe(409);
		const body = await res.json();
		expect(body.error).toEqual({ code: 'conflict', message: expect.stringMatching(/.{20}/) });
		expect(body.current).toEqual({
			revisionId: edit1,
			text: 'The Harbin Ten Million Project started.',
			content: { type: 'paragraph', content: [{ type: 'text', text: 'The Harbin Ten Million Project started.' }] },
			author: 'Tariq Translator',
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
		// The row as the server holds it, for the browser to show without guessing.
		expect(body.segment).toEqual(segmentState(first.id, edit1, 'The Harbin Ten Million Project started.', { state: 'edited', differsFromMt: true }));
		expect((await getSegments(documentId))[0].revisionId).toBe(edit1);
	});

	it('answers GET with the segment as it is now, for any member', async () => {
		for (const token of [translatorToken, reviewerToken]) {
			const res = await call(`/api/v1/segments/${first.id}`, { token });
			expect(res.status).toBe(200);
			expect((await res.json()).segment).toEqual(
				segmentState(first.id, edit1, 'The Harbin Ten Million Project started.', { state: 'edited', differsFromMt: true })
			);
		}
		expect((await expectError(await call(`/api/v1/segments/${first.id}`, { token: outsiderToken }), 404)).code).toBe('not_found');
	});

	it('names the machine as the author when the current version is the MT', async () => {
		const res = await save(second.id, { baseRevisionId: edit1, text: 'Based on a revision of another segment.' });
		expect(res.status).toBe(409);
		expect((await res.json()).current).toMatchObject({ revisionId: second.revisionId, author: 'Machine translation', text: second.text });
	});

	it('saves an untranslated segment based on null once; a second save based on null is 409', async () => {
		const res = await save(untranslated.id, { baseRevisionId: null, text: 'Starting from scratch.' });
		expect(res.status).toBe(200);
		const saved = await res.json();
		expect(saved).toMatchObject({ revisionId: expect.any(Number), state: 'edited', unchanged: false });

		const again = await save(untranslated.id, { baseRevisionId: null, text: 'Also starting from scratch.' });
		expect(again.status).toBe(409);
		expect((await again.json()).current).toMatchObject({ revisionId: saved.revisionId, text: 'Starting from scratch.', author: 'Tariq Translator' });
		const history = await getRevisions(untranslated.id);
		expect(history).toEqual([expect.objectContaining({ id: saved.revisionId, parentId: null, origin: 'human', text: 'Starting from scratch.' })]);
	});

	it('saves rich content, keeping a heading a heading when sent as plain text', async () => {
		const id = await importDocument({ format: 'markdown', source: '# 标题\n\n正文。', translation: '# Title\n\nBody.' });
		const [heading, body] = await getSegments(id);
		const asText = await save(heading.id, { baseRevisionId: heading.revisionId, text: 'A better title' });
		expect(asText.status).toBe(200);
		const content = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Body with ' },
				{ type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.org/', title: null } }, { type: 'strong' }] },
				{ type: 'hard_break' },
				{ type: 'text', text: 'and a second line.' }
			]
		};
		expect((await save(body.id, { baseRevisionId: body.revisionId, content })).status).toBe(200);
		const [h, b] = await getSegments(id);
		expect(h.content).toEqual({ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'A better title' }] });
		expect(b.content).toEqual(content);
		expect(b.text).toBe('Body with a link\nand a second line.');
	});

	it.each([
		['text', 'empty text', { text: '' }],
		['text', 'blank text', { text: '  \n ' }],
		['text', 'neither text nor content', {}],
		['text', 'text of 20,001 characters', { text: 'x'.repeat(20_001) }],
		['text', 'text of NUL bytes only', { text: '\u0000\u0000' }],
		['content', 'an empty paragraph', { content: { type: 'paragraph', content: [] } }],
		[
			'content',
			'a javascript: link',
			{ content: { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)', title: null } }] }] } }
		],
		['content', 'a table', { content: { type: 'table' } }],
		['content', 'HTML', { content: '<p>Hello</p>' }],
		['content', 'a text node of a NUL byte', { content: { type: 'paragraph', content: [{ type: 'text', text: '\u0000' }] } }],
		['secondsSpent', 'negative seconds', { text: 'Fine text.', secondsSpent: -1 }],
		// The segment limit holds whichever field carries the text.
		['content', 'content of 20,001 characters', { content: { type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(20_001) }] } }],
		['content', 'content of 900,000 characters', { content: { type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(900_000) }] } }],
		['review', 'review as a string', { text: 'Fine text.', review: 'yes' }]
	])('is 400 naming %s for %s', async (field, _, extra) => {
		const [current] = await getSegments(documentId);
		await expectError(await save(first.id, { baseRevisionId: current.revisionId, ...extra }), 400, field);
	});

	it.each([
		['missing', { text: 'Fine text.' }],
		['a string', { baseRevisionId: '12', text: 'Fine text.' }],
		['zero', { baseRevisionId: 0, text: 'Fine text.' }],
		['a fraction', { baseRevisionId: 1.5, text: 'Fine text.' }],
		['beyond the database integer', { baseRevisionId: 99_999_999_999, text: 'Fine text.' }],
		['a numeric string', { baseRevisionId: '0x2', text: 'Fine text.' }]
	])('is 400 naming baseRevisionId when it is %s', async (_, body) => {
		await expectError(await save(first.id, body), 400, 'baseRevisionId');
	});

	it('is 400, not a crash, for content nested 100,000 levels deep', async () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const body = `{"baseRevisionId": ${edit1}, "content": {"type": "paragraph", "content": ${deep}}}`;
		await expectError(await save(first.id, body), 400, 'content');
	});

	it('stored none of the refused saves', async () => {
		expect((await getRevisions(first.id)).map((r) => r.id)).toEqual([edit1, first.revisionId]);
	});

	it('does not 500 on a save with NUL bytes, control characters or lone surrogates', async () => {
		const inputs: unknown[] = [
			{ text: 'Harbin\u0000 started.' },
			{ text: 'Harbin\u0007 started\ud800.' },
			{ text: 'Harbin started\udc00.' },
			{ content: { type: 'paragraph', content: [{ type: 'text', text: 'Harbin\u0000 started.' }] } },
			{ content: { type: 'paragraph', content: [{ type: 'text', text: 'Harbin started\ud800.' }] } }
		];
		for (const input of inputs) {
			const [current] = await getSegments(documentId);
			const res = await save(first.id, { baseRevisionId: current.revisionId, ...(input as object) });
			expect(res.status, `${JSON.stringify(input)} → ${await res.clone().text()}`).toBeLessThan(500);
			expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		}
		const [after] = await getSegments(documentId);
		// eslint-disable-next-line no-control-regex -- the control characters must be gone
		expect(after.text).not.toMatch(/[\u0000-\u0008]/);
		expect(after.text).not.toMatch(/[\ud800-\udfff]/);
	});

	it('lists revisions newest first with origins mt, human and restore after a restore', async () => {
		const [current] = await getSegments(documentId);
		const res = await call(`/api/v1/segments/${first.id}/restore`, {
			token: translatorToken,
			body: { revisionId: first.revisionId, baseRevisionId: current.revisionId }
		});
		expect(res.status).toBe(200);
		const restored = await res.json();
		expect(restored).toMatchObject({ state: 'mt', unchanged: false });
		// The segment as it is now: the MT's text again, so no longer different from it.
		expect(restored.segment).toEqual(segmentState(first.id, restored.revisionId, first.mt!, { state: 'mt', differsFromMt: false }));

		const history = await getRevisions(first.id);
		expect(history[0]).toMatchObject({
			id: restored.revisionId,
			parentId: current.revisionId,
			origin: 'restore',
			author: 'Tariq Translator',
			text: 'The Harbin Ten Thousand Project started.'
		});
		expect(history.at(-1)).toMatchObject({ id: first.revisionId, parentId: null, origin: 'mt', text: first.mt });
		expect(history.map((r) => r.id)).toEqual([...history.map((r) => r.id)].sort((a, b) => b - a));
		expect(new Set(history.map((r) => r.origin))).toEqual(new Set(['restore', 'human', 'mt']));
		// Each revision's parent is the one listed after it: one unbroken chain.
		history.slice(0, -1).forEach((r, i) => expect(r.parentId).toBe(history[i + 1].id));
		expect(history.find((r) => r.id === edit1)).toMatchObject({ origin: 'human', wordsInserted: 1, wordsDeleted: 1 });

		const [now] = await getSegments(documentId);
		expect(now).toMatchObject({ revisionId: restored.revisionId, text: first.mt, state: 'mt' });
	});

	it.each([
		['from', '?to=1'],
		['from', '?from=abc&to=1'],
		['from', '?from=0&to=1'],
		['from', '?from=-3&to=1'],
		['from', '?from=1.5&to=1'],
		['from', '?from=99999999999&to=1'],
		['to', '?from=1'],
		['to', '?from=1&to=']
	])('is 400 naming %s for the diff query %s', async (field, query) => {
		const err = await expectError(await call(`/api/v1/segments/${first.id}/diff${query}`, { token: translatorToken }), 400, field);
		expect(err.code).toBe('invalid');
	});

	it('is 404 for a diff naming a revision of another segment or none at all', async () => {
		const path = (from: number | null, to: number | null) => `/api/v1/segments/${first.id}/diff?from=${from}&to=${to}`;
		await expectError(await call(path(second.revisionId, edit1), { token: translatorToken }), 404);
		await expectError(await call(path(first.revisionId, second.revisionId), { token: translatorToken }), 404);
		await expectError(await call(path(first.revisionId, 2_147_483_647), { token: translatorToken }), 404);
	});

	describe('a reviewer', () => {
		it('can read the document, the revisions and a diff', async () => {
			expect((await getSegments(documentId, reviewerToken)).map((s) => s.id)).toEqual([first.id, second.id]);
			expect((await getRevisions(first.id, reviewerToken)).length).toBeGreaterThanOrEqual(3);
			const res = await call(`/api/v1/segments/${first.id}/diff?from=${first.revisionId}&to=${edit1}`, { token: reviewerToken });
			expect(res.status).toBe(200);
			expect((await res.json()).kind).toBe('diff');
		});

		it('cannot save: 403, nothing stored', async () => {
			const [current] = await getSegments(documentId);
			const err = await expectError(await save(first.id, { baseRevisionId: current.revisionId, text: 'A reviewer’s edit.' }, reviewerToken), 403);
			expect(err.code).toBe('forbidden');
			expect((await getSegments(documentId))[0].revisionId).toBe(current.revisionId);
		});
	});

	describe('a non-member', () => {
		it('gets 404 on every route, and changes nothing', async () => {
			const [current] = await getSegments(documentId);
			const attempts: [string, CallOptions][] = [
				[documentsPath(), {}],
				[documentsPath(), { body: { title: 'Intruder', source: 'Text.', format: 'text' } }],
				[`/api/v1/documents/${documentId}`, {}],
				[`/api/v1/segments/${first.id}`, { method: 'PUT', body: { baseRevisionId: current.revisionId, text: 'Intruder.' } }],
				[`/api/v1/segments/${first.id}/revisions`, {}],
				[`/api/v1/segments/${first.id}/diff?from=${first.revisionId}&to=${edit1}`, {}]
			];
			for (const [path, options] of attempts) {
				const err = await expectError(await call(path, { ...options, token: outsiderToken }), 404);
				expect(err.code).toBe('not_found');
			}
			expect((await getSegments(documentId))[0].revisionId).toBe(current.revisionId);
		});
	});

	it.each([
		['GET', '/api/v1/documents/2147483647'],
		['GET', '/api/v1/documents/abc'],
		['GET', '/api/v1/documents/0'],
		['PUT', '/api/v1/segments/2147483647'],
		['PUT', '/api/v1/segments/01'],
		['GET', '/api/v1/segments/2147483647/revisions'],
		['GET', '/api/v1/segments/99999999999/revisions'],
		['GET', '/api/v1/segments/2147483647/diff?from=1&to=2'],
		['GET', '/api/v1/projects/2147483647/documents']
	])('%s %s is a JSON 404', async (method, path) => {
		const body = method === 'PUT' ? { baseRevisionId: null, text: 'Hello.' } : undefined;
		expect((await expectError(await call(path, { method, body, token: ownerToken }), 404)).code).toBe('not_found');
	});

	it.each([
		// DELETE and PATCH are the owner's (document-settings.test.ts); PUT is not a method here.
		['PUT', '/api/v1/documents/{doc}', 'GET, PATCH, DELETE'],
		['POST', '/api/v1/segments/{seg}', 'GET, PUT'],
		['DELETE', '/api/v1/segments/{seg}/revisions', 'GET'],
		['PUT', '/api/v1/projects/{project}/documents', 'GET, POST']
	])('%s %s is a JSON 405 with Allow', async (method, route, allow) => {
		const path = route.replace('{doc}', String(documentId)).replace('{seg}', String(first.id)).replace('{project}', String(project.id));
		const res = await call(path, { method, token: translatorToken, body: method === 'DELETE' ? undefined : {} });
		expect((await expectError(res, 405)).code).toBe('method_not_allowed');
		expect(res.headers.get('allow')).toBe(allow);
	});
});

describe('PUT /api/v1/segments/{id} with other content types and from other sites', () => {
	let segment: SegmentBody;
	let cookie: string;

	beforeAll(async () => {
		[segment] = await getSegments(await importDocument({ title: 'Guarded', source: '保护。', translation: 'Protected.' }));
		const { token } = await auth.createSession(translator.id);
		cookie = `${auth.SESSION_COOKIE}=${token}`;
	});

	const unchangedSegment = async () => expect((await getRevisions(segment.id)).map((r) => r.id)).toEqual([segment.revisionId]);

	it.each(['text/plain', 'multipart/form-data; boundary=----x', 'application/x-www-form-urlencoded', 'application/jsonp'])(
		'is 415 for %s, even with a token',
		async (type) => {
			const body = type.startsWith('multipart/')
				? `------x\r\nContent-Disposition: form-data; name="text"\r\n\r\nForm edit.\r\n------x--\r\n`
				: JSON.stringify({ baseRevisionId: segment.revisionId, text: 'Form edit.' });
			const res = await save(segment.id, body, translatorToken, { 'content-type': type });
			expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
			await unchangedSegment();
		}
	);

	it('is 415 for a real multipart form upload', async () => {
		const form = new FormData();
		form.set('baseRevisionId', String(segment.revisionId));
		form.set('text', 'Form edit.');
		const res = await server.fetch(`/api/v1/segments/${segment.id}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${translatorToken}` },
			body: form
		});
		expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
		await unchangedSegment();
	});

	it.each([
		['a JSON PUT from another origin', { origin: 'https://evil.example' }, 'application/json'],
		['a JSON PUT marked cross-site by the browser', { 'sec-fetch-site': 'cross-site' }, 'application/json'],
		['a JSON PUT from a sibling site', { 'sec-fetch-site': 'same-site' }, 'application/json'],
		['a text/plain PUT from this origin', { origin: '{self}' }, 'text/plain'],
		['a form PUT from another origin', { origin: 'https://evil.example' }, 'application/x-www-form-urlencoded']
	])('refuses %s with the session cookie, storing nothing', async (_, extra, type) => {
		const headers: Record<string, string> = { cookie, 'content-type': type };
		for (const [k, v] of Object.entries(extra)) headers[k] = v.replace('{self}', server.origin);
		const res = await call(`/api/v1/segments/${segment.id}`, {
			method: 'PUT',
			body: JSON.stringify({ baseRevisionId: segment.revisionId, text: 'Forged edit.' }),
			headers
		});
		expect((await expectError(res, 403)).code).toBe('cross_site');
		await unchangedSegment();
	});

	it('lets this site’s own pages save with the session cookie (same origin, JSON)', async () => {
		const res = await call(`/api/v1/segments/${segment.id}`, {
			method: 'PUT',
			body: { baseRevisionId: segment.revisionId, text: 'Protected, and edited.' },
			headers: { cookie, origin: server.origin }
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ state: 'edited', unchanged: false });
	});

	it('does not refuse a cookie GET with a foreign Origin: it changes nothing, and without CORS that site cannot read the answer', async () => {
		const res = await call(`/api/v1/segments/${segment.id}/revisions`, { headers: { cookie, origin: 'https://evil.example' } });
		expect(res.status).toBe(200);
	});
});
