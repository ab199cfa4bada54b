// The database going away under the built app: a Postgres server of the test's own is killed
// under concurrent saves and started again, or is down when the app starts; the embedded
// database's process is killed under saves and restarted at once. No app process may exit,
// requests during an outage get a quick 503, the app serves again within seconds of the
// database's return, and every save that was acknowledged is there afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, useDatabase, type DatabaseHandle } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { bundledMigrations } from '../src/lib/server/db/bundled-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as tokens from '../src/lib/server/auth/tokens';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/sessions';
import { startPostgresServer, type PostgresServer } from './test-fixtures/postgres-server';
import { buildApp, callApi, startAppProcess, waitFor, type AppProcess } from './test-fixtures/app-process';

const SEGMENTS = 6;
/** Well above an answer to a refused connection, below a request that hangs. */
const QUICK_MS = 5_000;
/** From the database's return to the app serving again, on a loaded 2-core machine. */
const BACK_WITHIN_MS = 8_000;

let build: Awaited<ReturnType<typeof buildApp>>;
let postgres: PostgresServer;
const apps: AppProcess[] = [];

beforeAll(async () => {
	[build, postgres] = await Promise.all([buildApp(`outage-test-${process.pid}`), startPostgresServer()]);
}, 240_000);

afterAll(async () => {
	await Promise.all(apps.map((app) => app.stop()));
	await postgres?.destroy();
	await build?.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An account with an API token and a browser session, made with the verbs on `handle`. */
async function account(handle: DatabaseHandle): Promise<{ token: string; cookie: string }> {
	useDatabase(handle);
	try {
		const user = await users.createUser(handle.db, { email: 'outage@example.org', name: 'Outage', password: 'correct horse battery' });
		const { token } = await tokens.createApiToken(handle.db, user, { label: 'outage test' });
		const session = await createSession(user.id);
		return { token, cookie: `${SESSION_COOKIE}=${session.token}` };
	} finally {
		useDatabase(undefined);
	}
}

/** A document of SEGMENTS segments; returns each segment's id and current revision. */
async function documentOf(app: AppProcess, token: string): Promise<{ id: number; revisionId: number | null }[]> {
	const project = await (await callApi(app, token, 'POST', '/api/v1/projects', { name: 'Outage', sourceLang: 'zh-Hans', targetLang: 'en' })).json();
	const source = Array.from({ length: SEGMENTS }, (_, i) => `第${i + 1}段。`).join('\n\n');
	const translation = Array.from({ length: SEGMENTS }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
	const created = await callApi(app, token, 'POST', `/api/v1/projects/${project.id}/documents`, { title: 'Outage', source, translation });
	expect(created.status).toBe(201);
	const doc = await (await callApi(app, token, 'GET', `/api/v1/documents/${(await created.json()).id}`)).json();
	return doc.segments.map((s: { id: number; revisionId: number | null }) => ({ id: s.id, revisionId: s.revisionId }));
}

interface Answer {
	at: number;
	ms: number;
	/** The HTTP status, or the network error when there was no answer. */
	status: number | string;
	code?: string;
	retryAfter?: string | null;
}

/**
 * One writer per segment, saving new text in a loop until stopped; records every answer and
 * the saves that were acknowledged (200).
 */
function saveConcurrently(app: () => AppProcess, token: string, segments: { id: number; revisionId: number | null }[]) {
	const answers: Answer[] = [];
	const acknowledged: { segmentId: number; revisionId: number; text: string }[] = [];
	let stopped = false;
	const writers = segments.map(async ({ id, revisionId }) => {
		let base = revisionId;
		for (let n = 0; !stopped; n++) {
			const text = `Segment ${id}, save ${n}.`;
			const at = Date.now();
			try {
				const res = await callApi(app(), token, 'PUT', `/api/v1/segments/${id}`, { baseRevisionId: base, text });
				const body = await res.json();
				answers.push({ at, ms: Date.now() - at, status: res.status, code: body.error?.code, retryAfter: res.headers.get('retry-after') });
				if (res.status === 200) {
					acknowledged.push({ segmentId: id, revisionId: body.revisionId, text });
					base = body.revisionId;
					continue;
				}
				// A save that was committed but whose answer was lost makes the next one a conflict.
				if (res.status === 409) base = body.current.revisionId;
			} catch (e) {
				answers.push({ at, ms: Date.now() - at, status: String((e as Error).cause ?? e) });
			}
			await sleep(50);
		}
	});
	return {
		answers,
		acknowledged,
		async stop() {
			stopped = true;
			await Promise.all(writers);
		}
	};
}

/** The acknowledged saves that the database does not have. */
async function missingSaves(acknowledged: { revisionId: number; text: string }[], revisions: (ids: number[]) => Promise<Map<number, string>>) {
	const stored = await revisions(acknowledged.map((a) => a.revisionId));
	return acknowledged.filter((a) => stored.get(a.revisionId) !== a.text);
}

describe('on a Postgres server', () => {
	it('keeps every process up through a database restart under saves: 503s while it is down, serving again when it is back', async () => {
		await postgres.query('create database restart');
		const handle = await openDatabase({ url: postgres.url('restart'), dataDir: '' });
		await migrateToLatest(handle.db, bundledMigrations);
		const { token, cookie } = await account(handle);
		await handle.close();

		const app = await startAppProcess(build.buildDir, { DATABASE_URL: postgres.url('restart'), WEB_CONCURRENCY: '1' });
		apps.push(app);
		await waitFor('the app', async () => ((await callApi(app, token, 'GET', '/api/v1/me')).status === 200 ? true : undefined));
		const segments = await documentOf(app, token);

		const saves = saveConcurrently(() => app, token, segments);
		await sleep(1_500);
		await postgres.kill();
		const down = Date.now();
		await sleep(1_500);
		// Past the token's one-second cache: the API must look at the database and cannot.
		const [apiProbe, pageProbe, dataProbe, publicPageProbe] = await Promise.all([
			callApi(app, token, 'GET', '/api/v1/me'),
			app.fetch('/projects', { headers: { cookie, accept: 'text/html' } }),
			// A client-side navigation's data request.
			app.fetch('/projects/__data.json', { headers: { cookie } }),
			// An endpoint whose own query fails (SvelteKit's handleError sees it), for anyone.
			app.fetch('/p/999999', { headers: { accept: 'text/html' } })
		]);
		await sleep(1_000);
		const restarting = Date.now();
		await postgres.start();
		const back = Date.now();
		const served = await waitFor('a save after the database is back', async () => saves.answers.find((a) => a.at >= back && a.status === 200), 30_000);
		await sleep(500);
		await saves.stop();

		expect(app.exited(), app.output()).toBe(false);
		expect(app.output()).not.toMatch(/Unhandled|uncaught/i);

		expect(apiProbe.status).toBe(503);
		expect(apiProbe.headers.get('retry-after')).toBe('5');
		expect((await apiProbe.json()).error.code).toBe('unavailable');
		expect(pageProbe.status).toBe(503);
		expect(pageProbe.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await pageProbe.text()).toContain('Temporarily unavailable');
		expect(dataProbe.status).toBe(503);
		expect(await dataProbe.json()).toMatchObject({ code: 'unavailable' });
		expect(publicPageProbe.status).toBe(503);
		expect(publicPageProbe.headers.get('retry-after')).toBe('5');
		expect(await publicPageProbe.text()).toContain('Temporarily unavailable');

		// Every request had an answer, none a 500; those while the database was down were quick 503s.
		const statuses = new Set(saves.answers.map((a) => a.status));
		expect(
			[...statuses].filter((s) => ![200, 409, 503].includes(s as number)),
			JSON.stringify(saves.answers.filter((a) => !statuses.has(a.status)))
		).toEqual([]);
		const duringOutage = saves.answers.filter((a) => a.at > down + 200 && a.at + a.ms < restarting);
		expect(duringOutage.length).toBeGreaterThan(SEGMENTS);
		for (const answer of duringOutage) {
			expect(answer).toMatchObject({ status: 503, code: 'unavailable', retryAfter: '5' });
			expect(answer.ms).toBeLessThan(QUICK_MS);
		}
		expect(served.at + served.ms - back).toBeLessThan(BACK_WITHIN_MS);

		expect(saves.acknowledged.length).toBeGreaterThan(SEGMENTS);
		const missing = await missingSaves(saves.acknowledged, async (ids) => {
			const { rows } = await postgres.query(`select id, text from revisions where id in (${ids.join(',')})`, 'restart');
			return new Map(rows.map((r) => [Number(r.id), r.text as string]));
		});
		expect(missing).toEqual([]);
		const slowest = Math.max(...duringOutage.map((a) => a.ms));
		console.log(
			`database restart: ${duringOutage.length} saves answered 503 while it was down (slowest ${slowest} ms); the first save after its return was acknowledged ${served.at + served.ms - back} ms after it accepted connections; ${saves.acknowledged.length} acknowledged saves, all present`
		);
	});

	it('starts while the database is down: waits, retrying with backoff and saying so, answers 503 meanwhile, then migrates and serves', async () => {
		await postgres.query('create database late');
		await postgres.kill();

		// Two processes (node:cluster), the first of which migrates once the database is there.
		const app = await startAppProcess(build.buildDir, { DATABASE_URL: postgres.url('late'), WEB_CONCURRENCY: '2' });
		apps.push(app);
		const apiAnswer = await waitFor('a 503 from the app', async () => {
			const res = await app.fetch('/api/v1/me');
			return res.status === 503 ? res : undefined;
		});
		expect((await apiAnswer.json()).error.code).toBe('unavailable');
		const started = Date.now();
		const page = await app.fetch('/login', { headers: { accept: 'text/html' } });
		expect(Date.now() - started).toBeLessThan(QUICK_MS);
		expect(page.status).toBe(503);
		expect(await page.text()).toContain('Temporarily unavailable');
		await waitFor('a second attempt in the log', async () => ((app.output().match(/Waiting for the database/g)?.length ?? 0) >= 2 ? true : undefined));
		expect(app.output()).toMatch(/Waiting for the database \(.*ECONNREFUSED.*\); trying again in [\d.]+ s/);

		await postgres.start();
		const back = Date.now();
		// Without a token the API answers 401, which it does only once started (until then 503).
		await waitFor('the app to serve', async () => ((await app.fetch('/api/v1/me')).status === 401 ? true : undefined), 30_000);
		expect(Date.now() - back).toBeLessThan(BACK_WITHIN_MS);
		expect(app.output()).toContain('Applied migrations');

		const handle = await openDatabase({ url: postgres.url('late'), dataDir: '' });
		const { token } = await account(handle);
		await handle.close();
		expect((await callApi(app, token, 'GET', '/api/v1/me')).status).toBe(200);
		expect(app.exited(), app.output()).toBe(false);
		expect(app.output()).not.toMatch(/stopped|did not start|Unhandled/i);
		await app.stop();
	});
});

describe('on the embedded database', () => {
	let dir: string;
	afterAll(async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('restarts at once after kill -9 under saves, with every acknowledged save kept', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'rendition-embedded-'));
		const env = { DATABASE_URL: '', DATA_DIR: path.join(dir, 'pglite') };
		const handle = await openDatabase({ url: null, dataDir: env.DATA_DIR });
		await migrateToLatest(handle.db, bundledMigrations);
		const { token } = await account(handle);
		await handle.close();

		let app = await startAppProcess(build.buildDir, env);
		apps.push(app);
		await waitFor('the app', async () => ((await callApi(app, token, 'GET', '/api/v1/me')).status === 200 ? true : undefined), 60_000);
		const segments = await documentOf(app, token);
		const saves = saveConcurrently(() => app, token, segments);
		await sleep(1_500);

		app.child.kill('SIGKILL');
		// At once, on the same port: the killed process may still be on its way out.
		app = await startAppProcess(build.buildDir, env, Number(new URL(app.origin).port));
		const restarted = Date.now();
		apps.push(app);
		await waitFor('a save after the restart', async () => saves.answers.find((a) => a.at >= restarted && a.status === 200), 60_000);
		await saves.stop();
		expect(app.output()).not.toContain('in use by process');
		expect(app.exited(), app.output()).toBe(false);

		const missing = await missingSaves(saves.acknowledged, async (ids) => {
			const stored = new Map<number, string>();
			for (const { id } of segments) {
				const { revisions } = await (await callApi(app, token, 'GET', `/api/v1/segments/${id}/revisions`)).json();
				for (const r of revisions as { id: number; text: string }[]) if (ids.includes(r.id)) stored.set(r.id, r.text);
			}
			return stored;
		});
		expect(saves.acknowledged.length).toBeGreaterThan(SEGMENTS);
		expect(missing).toEqual([]);
	});
});
