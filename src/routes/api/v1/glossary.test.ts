import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { createTeam, type Team } from '$lib/server/testing/factories';
import { apiClientFor, callApi, expectApiError, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import * as tokens from '$lib/server/auth/tokens';
import type { ApiClient } from '$lib/api';

// The glossary over HTTP: entries, proposals, import with its report and export, and refusals in
// the API's error shape. Who may do what is also in permissions.test.ts.

useTestDatabase();
const server = useTestServer();

let team: Team;
const token = {} as Record<'owner' | 'translator' | 'reviewer' | 'outsider', string>;
const as = {} as Record<'owner' | 'translator' | 'reviewer' | 'outsider', ApiClient>;
let base: string;

beforeAll(async () => {
	team = await createTeam({ name: 'Glossary API' });
	for (const role of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		token[role] = (await tokens.createApiToken(getDb(), team[role], { label: 'glossary' })).token;
		as[role] = apiClientFor(server, token[role]);
	}
	base = `/api/v1/projects/${team.project.id}/glossary`;
});

const upload = (body: BodyInit, contentType: string, who: keyof typeof token = 'owner') =>
	server.fetch(`${base}/import`, { method: 'POST', headers: { authorization: `Bearer ${token[who]}`, 'content-type': contentType }, body });

describe('the glossary API', () => {
	it('adds, lists, changes and deletes entries; a translator’s addition is a proposal an owner accepts', async () => {
		const added = await as.owner.glossary.add(team.project.id, { source: '千万工程', target: 'Ten Million Project', partOfSpeech: 'noun' });
		expect(added).toMatchObject({ source: '千万工程', status: 'preferred', caseSensitive: false, proposed: false, createdBy: team.owner.name });
		const proposal = await as.translator.glossary.add(team.project.id, { source: '浦江经验', target: 'Pujiang Experience' });
		expect(proposal).toMatchObject({ proposed: true, createdBy: team.translator.name });

		const listed = await as.reviewer.glossary.list(team.project.id);
		expect(listed).toMatchObject({ total: 1, matching: 1, entries: [{ id: added.id }], proposals: [{ id: proposal.id }] });
		expect((await as.reviewer.glossary.list(team.project.id, { q: 'million' })).entries).toHaveLength(1);
		expect((await as.reviewer.glossary.list(team.project.id, { q: 'nothing' })).entries).toHaveLength(0);

		expect(await as.owner.glossary.update(team.project.id, proposal.id, { proposed: false, note: 'Xinhua’s spelling.' })).toMatchObject({
			proposed: false,
			note: 'Xinhua’s spelling.',
			target: 'Pujiang Experience'
		});
		expect(await as.owner.glossary.update(team.project.id, added.id, { status: 'admitted' })).toMatchObject({ status: 'admitted', partOfSpeech: 'noun' });
		await as.owner.glossary.remove(team.project.id, added.id);
		expect((await as.reviewer.glossary.list(team.project.id)).entries.map((e) => e.source)).toEqual(['浦江经验']);
	});

	it('refuses duplicates, bad fields, others’ entries and non-members in its error shape', async () => {
		const entry = await as.owner.glossary.add(team.project.id, { source: '最后一公里', target: 'last mile' });
		const post = (body: unknown, who: keyof typeof token = 'owner') => callApi(server, base, { token: token[who], body });
		expect((await expectApiError(await post({ source: '最后一公里', target: 'last mile' }), 409, 'source')).message).toMatch(/already in the glossary/);
		await expectApiError(await post({ source: '', target: 'x' }), 400, 'source');
		await expectApiError(await post({ source: 'a', target: 'b', caseSensitive: 'perhaps' }), 400, 'caseSensitive');
		await expectApiError(await post({ source: 'a', target: 'b' }, 'reviewer'), 403);
		await expectApiError(await post({ source: 'a', target: 'b' }, 'outsider'), 404);
		const patch = (id: number, body: unknown, who: keyof typeof token) => callApi(server, `${base}/${id}`, { method: 'PATCH', token: token[who], body });
		await expectApiError(await patch(entry.id, { target: 'final mile' }, 'translator'), 403);
		await expectApiError(await patch(entry.id, { proposed: true }, 'owner'), 400, 'proposed');
		await expectApiError(await patch(999_999, { target: 'x' }, 'owner'), 404, 'entryId');
		await expectApiError(await callApi(server, `${base}/${entry.id}`, { method: 'DELETE', token: token.outsider }), 404);
		await expectApiError(await callApi(server, `${base}/${entry.id}`, { method: 'PUT', token: token.owner, body: {} }), 405);
	});

	it('imports CSV and TBX bodies, reporting each skipped row, and refuses what it cannot read without importing any of it', async () => {
		const csv = 'source,target,status\n黑龙江,Heilongjiang,\n,no source,\n哈尔滨,Harbin,sometimes\n';
		const res = await upload(csv, 'text/csv; charset=utf-8');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			imported: 1,
			added: 1,
			updated: 0,
			unchanged: 0,
			skipped: [
				{ line: 3, reason: 'Missing source term.' },
				{ line: 4, reason: 'Unknown status “sometimes”: use one of preferred, admitted, deprecated, forbidden, do_not_translate.' }
			]
		});
		const tbx = `<?xml version="1.0"?><martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="zh"><tig><term>哈尔滨</term></tig></langSet><langSet xml:lang="en"><tig><term>Harbin</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet></termEntry></body></text></martif>`;
		expect(await as.owner.glossary.import(team.project.id, tbx, 'tbx')).toMatchObject({ imported: 1, added: 1, skipped: [] });
		// JSON {format, text}, as a browser's session may send it.
		const asJson = await callApi(server, `${base}/import`, { token: token.owner, body: { format: 'csv', text: 'source,target\n松花江,Songhua River\n' } });
		expect(await asJson.json()).toMatchObject({ imported: 1, added: 1 });
		await expectApiError(await callApi(server, `${base}/import`, { token: token.owner, body: { format: 'xlsx', text: 'a' } }), 400, 'format');
		const before = (await as.owner.glossary.list(team.project.id)).total;

		await expectApiError(await upload(csv, 'application/pdf'), 415);
		await expectApiError(await upload(csv, 'application/json'), 400);
		await expectApiError(await upload(csv, 'text/csv; charset=gbk'), 415);
		// 千万 in GBK after a UTF-8 header
		const gbk = new Uint8Array([...new TextEncoder().encode('source,target\n'), 0xc7, 0xa7, 0xcd, 0xf2, 0x2c, 0x61]);
		expect((await expectApiError(await upload(gbk, 'text/csv'), 415)).message).toMatch(/not valid UTF-8 text \(it may use GBK/);
		expect((await expectApiError(await upload('', 'text/csv'), 400)).message).toMatch(/is empty/);
		expect((await expectApiError(await upload('<martif><text>', 'application/xml'), 400, 'file')).message).toMatch(/not well-formed XML/);
		expect((await expectApiError(await upload('a;b\n', 'text/csv'), 400, 'file')).message).toMatch(/must name the columns/);
		await expectApiError(await upload('x'.repeat(4 * 1024 * 1024 + 1), 'text/csv'), 413);
		await expectApiError(await upload(csv, 'text/csv', 'translator'), 403);
		await expectApiError(await upload(csv, 'text/csv', 'outsider'), 404);
		expect((await as.owner.glossary.list(team.project.id)).total).toBe(before);
	});

	it('exports CSV, TBX v3 and TBX 2 as downloads any member may take', async () => {
		const get = (query: string, who: keyof typeof token = 'reviewer') => callApi(server, `${base}/export${query}`, { token: token[who] });
		const csv = await get('?format=csv');
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${team.project.slug}-glossary.csv"`);
		expect(await csv.text()).toMatch(/^source,target,status,case_sensitive,part_of_speech,note\r\n/);
		const v3 = await get('?format=tbx');
		expect(v3.headers.get('content-type')).toBe('application/x-tbx+xml; charset=utf-8');
		expect(await v3.text()).toContain('<tbx style="dca" type="TBX-Basic"');
		expect(await as.translator.glossary.export(team.project.id, 'tbx', 2)).toContain('<martif type="TBX-Basic"');
		await expectApiError(await get(''), 400, 'format');
		await expectApiError(await get('?format=tbx&version=4'), 400, 'version');
		await expectApiError(await get('?format=csv', 'outsider'), 404);
		await expectApiError(await callApi(server, `${base}/export?format=csv`), 401);
	});
});
