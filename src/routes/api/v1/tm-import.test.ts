import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { createTeam, type Team } from '$lib/server/testing/factories';
import { apiClientFor, expectApiError, useTestServer } from '$lib/server/testing/http';
import { getDb } from '$lib/server/db/db';
import * as tokens from '$lib/server/auth/tokens';
import * as projects from '$lib/server/projects/projects';
import type { ApiClient } from '$lib/api';

// TMX import and export over HTTP: the body streamed and bounded (a 2 GB Content-Length refused
// before a byte is read, a body that keeps coming refused once it passes the limit), a large file
// as a job, who may do what, and the memory's settings and shares.

useTestDatabase();
const server = useTestServer();

type Who = 'owner' | 'translator' | 'reviewer' | 'outsider';
let team: Team;
const token = {} as Record<Who, string>;
const as = {} as Record<Who, ApiClient>;
let base: string;

beforeAll(async () => {
	team = await createTeam({ name: 'TMX API' });
	for (const role of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		token[role] = (await tokens.createApiToken(getDb(), team[role], { label: 'tmx' })).token;
		as[role] = apiClientFor(server, token[role]);
	}
	base = `/api/v1/projects/${team.project.id}/tm`;
});

afterEach(() => {
	vi.unstubAllEnvs();
});

const upload = (body: BodyInit, who: Who = 'owner', contentType = 'application/x-tmx+xml') =>
	server.fetch(`${base}/import`, { method: 'POST', headers: { authorization: `Bearer ${token[who]}`, 'content-type': contentType }, body });

const units = async () => (await as.owner.tm.settings(team.project.id)).units;

function generatedTmx(n: number, prefix: string): string {
	const tus = Array.from(
		{ length: n },
		(_, i) => `<tu><tuv xml:lang="zh-CN"><seg>${prefix}第${i}句。</seg></tuv><tuv xml:lang="en"><seg>${prefix} sentence ${i}.</seg></tuv></tu>`
	);
	return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1"/><body>\n${tus.join('\n')}\n</body></tmx>\n`;
}

/** A raw request whose body is written by `write`, and the answer's status and text. */
function rawPost(headers: Record<string, string>, write: (req: http.ClientRequest) => void): Promise<{ status: number; text: string }> {
	const url = new URL(`${base}/import`, server.origin);
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{ method: 'POST', headers: { authorization: `Bearer ${token.owner}`, 'content-type': 'application/x-tmx+xml', ...headers } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d: string) => (text += d));
				res.on('end', () => {
					resolve({ status: res.statusCode ?? 0, text });
					req.destroy();
				});
			}
		);
		req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
		write(req);
	});
}

describe('TMX import over the API', () => {
	it('imports a file sent as the body and reports what it skipped', async () => {
		const res = await upload(readFileSync('src/lib/tm/fixtures/memoq.tmx'));
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.imported).toBeGreaterThan(0);
		expect(body.skipped).toBe(body.skips.length);
		expect(await units()).toBe(body.imported);
	});

	it('takes JSON from the typed client, which a session may send', async () => {
		const before = await units();
		expect(await as.owner.tm.importTmx(team.project.id, generatedTmx(3, 'JSON'))).toEqual({ imported: 3, skipped: 0, skips: [] });
		expect(await units()).toBe(before + 3);
	});

	it('refuses the wrong language pair, malformed XML, other types and charsets, importing nothing', async () => {
		const before = await units();
		const wrong = await expectApiError(await upload(readFileSync('src/lib/tm/fixtures/wrong-pair.tmx')), 400);
		expect(wrong.message).toContain('the project translates');
		const malformed = await expectApiError(await upload(readFileSync('src/lib/tm/fixtures/malformed.tmx')), 400);
		expect(malformed.message).toMatch(/not well-formed XML \(line \d+\)/);
		await expectApiError(await upload(generatedTmx(1, '类型'), 'owner', 'text/plain'), 415);
		await expectApiError(await upload(generatedTmx(1, '字符'), 'owner', 'application/xml; charset=gbk'), 415);
		const utf32 = await expectApiError(await upload(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0])), 400);
		expect(utf32.message).toContain('UTF-32');
		expect(await units()).toBe(before);
	});

	it('refuses a 2 GB Content-Length before reading the body', async () => {
		const before = await units();
		let written = 0;
		const answer = await rawPost({ 'content-length': String(2 * 1024 ** 3) }, (req) => {
			req.write(generatedTmx(1, '巨大'));
			written = 1;
		});
		expect(written).toBe(1);
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.text).error.message).toMatch(/at most 1 GB/);
		expect(await units()).toBe(before);
	});

	it('refuses a body without a length once it passes the limit, keeping nothing', async () => {
		vi.stubEnv('TMX_IMPORT_MAX_BYTES', '300000');
		const before = await units();
		let sent = 0;
		const answer = await rawPost({ 'transfer-encoding': 'chunked' }, (req) => {
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			req.write('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh"/><body>');
			const more = () => {
				// Keeps sending until the server answers (and closes), never holding more than one chunk.
				if (req.destroyed || sent > 50 * 1024 * 1024) return;
				sent += chunk.length;
				if (req.write(chunk)) setImmediate(more);
				else req.once('drain', more);
			};
			more();
		});
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.text).error.message).toContain('at most 300,000 bytes');
		expect(sent).toBeLessThan(50 * 1024 * 1024);
		expect(await units()).toBe(before);
		expect(await getDb().selectFrom('tmImports').select('id').where('projectId', '=', team.project.id).where('jobId', 'is', null).execute()).toEqual([]);
	});

	it('answers 202 with a job for a large file, which imports it and reports progress', async () => {
		vi.stubEnv('TMX_IMPORT_JOB_BYTES', '4096');
		const before = await units();
		const res = await upload(generatedTmx(400, '任务'));
		expect(res.status).toBe(202);
		const { jobId } = await res.json();
		let job = await as.owner.jobs.get(jobId);
		for (let i = 0; i < 200 && !['done', 'failed'].includes(job.state); i++) {
			await new Promise((r) => setTimeout(r, 100));
			job = await as.translator.jobs.get(jobId);
		}
		expect(job).toMatchObject({ state: 'done', kind: 'tmx_import', result: { imported: 400, skipped: 0 } });
		expect(job.total).toBeGreaterThan(0);
		expect(job.done).toBe(job.total);
		expect(await units()).toBe(before + 400);
	});

	it('is for owners: a translator is refused, a non-member gets 404, and nothing is imported', async () => {
		const before = await units();
		await expectApiError(await upload(generatedTmx(1, '译者'), 'translator'), 403);
		await expectApiError(await upload(generatedTmx(1, '外人'), 'outsider'), 404);
		expect(await units()).toBe(before);
	});
});

describe('TMX export over the API', () => {
	it('sends members the project’s own units as a TMX attachment, and non-members 404', async () => {
		await as.owner.tm.importTmx(team.project.id, generatedTmx(1, '导出'));
		// A memory the project reads is not its own: its units stay out of the export.
		const other = await projects.createProject(getDb(), team.owner, { name: 'Other memory', sourceLang: 'zh-Hans', targetLang: 'en' });
		await as.owner.tm.importTmx(other.id, generatedTmx(1, '别人'));
		await as.owner.tm.share(team.project.id, other.id);

		const res = await server.fetch(`${base}/export`, { headers: { authorization: `Bearer ${token.reviewer}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/x-tmx\+xml/);
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${team.project.slug}-memory.tmx"`);
		const xml = await res.text();
		expect(xml).toContain('<tmx version="1.4">');
		expect(xml).toContain('导出第0句。');
		expect(xml).not.toContain('别人');
		await expectApiError(await server.fetch(`${base}/export`, { headers: { authorization: `Bearer ${token.outsider}` } }), 404);
		await expectApiError(await server.fetch(`/api/v1/projects/${other.id}/tm/export`, { headers: { authorization: `Bearer ${token.translator}` } }), 404);
	});
});

describe('the memory’s settings and shares over the API', () => {
	it('lets owners change the thresholds and members read them', async () => {
		expect(await as.owner.tm.setSettings(team.project.id, { minScore: 70, prefillScore: null })).toMatchObject({ minScore: 70, prefillScore: null });
		expect(await as.reviewer.tm.settings(team.project.id)).toMatchObject({ minScore: 70 });
		await expect(as.translator.tm.setSettings(team.project.id, { minScore: 60, prefillScore: null })).rejects.toMatchObject({ status: 403 });
		await expect(as.owner.tm.setSettings(team.project.id, { minScore: 40, prefillScore: null })).rejects.toMatchObject({ status: 400, field: 'minScore' });
	});

	it('shares and unshares between projects the owner manages; others are refused', async () => {
		const source = await projects.createProject(getDb(), team.owner, { name: 'Shared source', sourceLang: 'zh-Hans', targetLang: 'en' });
		const shared = await as.owner.tm.share(team.project.id, source.id);
		expect(shared.shares.find((s) => s.projectId === source.id)).toMatchObject({ shared: true, canChange: true });
		// The translator is not a member of the source project: it does not exist for them.
		await expect(as.translator.tm.share(team.project.id, source.id)).rejects.toMatchObject({ status: 404 });
		await expect(as.outsider.tm.shares(team.project.id)).rejects.toMatchObject({ status: 404 });
		await as.owner.tm.unshare(team.project.id, source.id);
		expect((await as.owner.tm.shares(team.project.id)).shares.find((s) => s.projectId === source.id)).toMatchObject({ shared: false });
	});
});
