import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { getDb } from '$lib/server/db/db';
import { callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { createDocument, createTeam, editSegment, importAs, paragraph, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import type { Block, Inline, Mark } from '$lib/import/model';

// Integration: the limits of a segment hold on the model, whichever field or door carries it (a
// save's `text` or `content`, a restore of a revision stored before the limits, an import); a
// link is stored in the URL parser's normal form, and malformed content is refused saying what is wrong.

useTestDatabase();
const server = useTestServer();

let team: Team;
let token: string;

beforeAll(async () => {
	team = await createTeam();
	token = (await tokens.createApiToken(getDb(), team.translator, { label: 'tests' })).token;
});

const link = (href: string, title: string | null = null): Mark => ({ type: 'link', attrs: { href, title } });
const linked = (text: string, mark: Mark): Inline => ({ type: 'text', text, marks: [mark] });
const block = (...content: Inline[]): Block => ({ type: 'paragraph', content });
/** 300 linked words, each link within its own limits: about 915,000 characters of JSON and 600 of text. */
const manyLinks = () => block(...Array.from({ length: 300 }, (_, i) => linked(`w${i} `, link(`https://e.org/${i}/${'p'.repeat(1980)}`, 't'.repeat(990)))));

async function freshSegment(): Promise<{ id: number; revisionId: number }> {
	const [s] = (await createDocument(team, { mt: ['One.'] })).segments;
	return { id: s.id, revisionId: s.revisionId! };
}

const put = (id: number, body: unknown) => callApi(server, `/api/v1/segments/${id}`, { token, method: 'PUT', body });

const linkedTo = (href: unknown, extra: Record<string, unknown> = {}): unknown => ({
	type: 'paragraph',
	content: [{ type: 'text', text: 'Harbin', marks: [{ type: 'link', attrs: { href, title: null }, ...extra }] }]
});

async function storedContent(revisionId: number): Promise<Block> {
	const row = await getDb().selectFrom('revisions').select('content').where('id', '=', revisionId).executeTakeFirstOrThrow();
	return (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as Block;
}

async function revisionCount(segmentId: number): Promise<number> {
	const { rows } = await sql<{ n: number }>`select count(*)::int as n from revisions where segment_id = ${segmentId}`.execute(getDb());
	return rows[0].n;
}

describe('PUT /api/v1/segments/{id} with content', () => {
	it('refuses 900,000 characters carried in links with a 400 naming the limit, and stores nothing', async () => {
		const s = await freshSegment();
		const content = manyLinks();
		expect(JSON.stringify({ baseRevisionId: s.revisionId, content }).length).toBeGreaterThan(900_000);
		const error = await expectApiError(await put(s.id, { baseRevisionId: s.revisionId, content }), 400, 'content');
		expect(error.message).toMatch(/takes 9\d\d,\d{3} characters to store, and the limit is 200,000/);
		expect(await revisionCount(s.id)).toBe(1);
	});

	it('refuses 900,000 characters of text and a 100,000-character link title, naming each limit', async () => {
		const s = await freshSegment();
		const text = await expectApiError(
			await put(s.id, { baseRevisionId: s.revisionId, content: block({ type: 'text', text: 'x'.repeat(900_000) }) }),
			400,
			'content'
		);
		expect(text.message).toBe('Use at most 20,000 characters in a segment (this one has 900,000); break a longer text into paragraphs.');
		const titled = block(linked('Harbin', link('https://example.org/', 't'.repeat(100_000))));
		const title = await expectApiError(await put(s.id, { baseRevisionId: s.revisionId, content: titled }), 400, 'content');
		expect(title.message).toBe('A link title can be at most 1,000 characters; this one has 100,000.');
		// A text of 10,000 one-letter lines is 20,000 characters but 19,999 runs and breaks.
		const lines = await expectApiError(await put(s.id, { baseRevisionId: s.revisionId, text: 'a\n'.repeat(10_000) }), 400, 'text');
		expect(lines.message).toMatch(/at most 5,000 formatted runs and line breaks/);
		expect(await revisionCount(s.id)).toBe(1);
	});

	it('accepts every limit at its edge', async () => {
		const s = await freshSegment();
		const href = `https://e.org/${'p'.repeat(2048 - 'https://e.org/'.length)}`;
		const lines: Inline[] = Array.from({ length: 5_000 }, (_, i) => (i % 2 ? { type: 'hard_break' } : { type: 'text', text: 'a' }));
		const edges: [string, Block][] = [
			['20,000 characters', block({ type: 'text', text: 'x'.repeat(20_000) })],
			['a 1,000-character title and a 2,048-character address', block(linked('Harbin', link(href, 't'.repeat(1_000))))],
			['5,000 runs and breaks', block(...lines)],
			// 60 words under the longest links: about 185,000 characters stored.
			[
				'close to 200,000 characters stored',
				block(...Array.from({ length: 60 }, (_, i) => linked(`w${i} `, link(`${href.slice(0, -4)}${i}`.padEnd(2048, 'q'), 't'.repeat(1_000)))))
			]
		];
		let base = s.revisionId;
		for (const [label, content] of edges) {
			const res = await put(s.id, { baseRevisionId: base, content });
			expect(res.status, `${label}: ${await res.clone().text()}`).toBe(200);
			base = (await res.json()).revisionId;
		}
	});
});

describe('PUT /api/v1/segments/{id} with a link', () => {
	it('stores an address written in another form than the normal one, normalised', async () => {
		const s = await freshSegment();
		const res = await put(s.id, { baseRevisionId: s.revisionId, content: linkedTo('HTTPS://Example.ORG/新闻?q=冰 雪') });
		expect(res.status, await res.clone().text()).toBe(200);
		const { revisionId } = await res.json();
		const stored = await storedContent(revisionId);
		expect(stored.content).toEqual([
			{
				type: 'text',
				text: 'Harbin',
				marks: [{ type: 'link', attrs: { href: 'https://example.org/%E6%96%B0%E9%97%BB?q=%E5%86%B0%20%E9%9B%AA', title: null } }]
			}
		]);
	});

	it('refuses an address that is not an absolute http, https or mailto URL, quoting it', async () => {
		const s = await freshSegment();
		for (const href of ['javascript:alert(1)', '/news/1']) {
			const error = await expectApiError(await put(s.id, { baseRevisionId: s.revisionId, content: linkedTo(href) }), 400, 'content');
			expect(error.message).toBe(`Run 1 of the content: the link address ${JSON.stringify(href)} is not an absolute http, https or mailto URL.`);
		}
	});

	it('says which part of malformed content is wrong', async () => {
		const s = await freshSegment();
		const cases: [unknown, string][] = [
			[linkedTo('https://example.org/', { rel: 'x' }), 'Run 1 of the content: a link mark is {"type": "link", "attrs": {"href": "…", "title": null}}.'],
			[
				{ type: 'paragraph', content: [{ type: 'text', text: 'a\nb' }] },
				'Run 1 of the content: a line break inside "text" must be a {"type": "hard_break"} run of its own.'
			],
			[
				{ type: 'heading', attrs: { level: 7 }, content: [{ type: 'text', text: 'x' }] },
				'A heading needs "attrs": {"level": n} with n from 1 to 6, and nothing else.'
			],
			[{ type: 'paragraph', content: [{ type: 'hard_break' }] }, 'content must be a paragraph or heading with some text.']
		];
		for (const [content, message] of cases) {
			expect((await expectApiError(await put(s.id, { baseRevisionId: s.revisionId, content }), 400, 'content')).message).toBe(message);
		}
	});
});

describe('the other doors', () => {
	it('refuses to restore a revision stored before the limits, saying why', async () => {
		const s = await freshSegment();
		// Written as an older version of the app would have (the save verb now refuses it).
		const content = manyLinks();
		const { id: old } = await getDb()
			.insertInto('revisions')
			.values({
				segmentId: s.id,
				parentId: s.revisionId,
				authorId: team.translator.id,
				origin: 'human',
				content: JSON.stringify(content),
				text: 'x',
				diff: '[]'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const current = await editSegment(team.translator, s.id, 'The current text.');
		const res = await callApi(server, `/api/v1/segments/${s.id}/restore`, { token, body: { revisionId: old, baseRevisionId: current } });
		expect((await expectApiError(res, 400, 'revisionId')).message).toMatch(/the limit is 200,000/);
		expect(await revisionCount(s.id)).toBe(3);
	});

	it('refuses an import whose link title is past the limit, by either door, naming the paragraph', async () => {
		const html = `<p>第一段。</p><p><a href="https://example.org/" title="${'t'.repeat(100_000)}">第二段</a>。</p>`;
		const res = await callApi(server, `/api/v1/projects/${team.project.id}/documents`, { token, body: { title: 'Long title', format: 'html', source: html } });
		expect((await expectApiError(res, 413, 'source')).message).toBe(
			'Paragraph 2 of the source text: A link title can be at most 1,000 characters; this one has 100,000.'
		);
		const rows = {
			title: 'Aligned rows',
			format: 'html',
			source: [paragraph('第一段。'), block(linked('第二段', link('https://example.org/', 't'.repeat(100_000))))]
		};
		await expect(importAs(team.translator, team.project.id, { ...rows, translation: null })).rejects.toMatchObject({
			code: 'invalid',
			message: 'Segment 2 of the source: A link title can be at most 1,000 characters; this one has 100,000.'
		});
	});
});
