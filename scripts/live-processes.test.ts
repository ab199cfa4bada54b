// Live updates across app processes: two processes of the built app on a Postgres server of the
// test's own. Saves go through both while a subscriber listens on the second; the first is killed
// (SIGKILL) in the middle: the subscriber still gets an event for every save either process
// acknowledged. Then the database itself restarts under the second process: its listener
// reconnects and the subscriber, on the same open stream, gets what is saved afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { bundledMigrations } from '../src/lib/server/db/bundled-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as tokens from '../src/lib/server/auth/tokens';
import { readEventStream, type ParsedEvent } from '../src/lib/server/testing/sse';
import { startPostgresServer, type PostgresServer } from './test-fixtures/postgres-server';
import { buildApp, callApi, startAppProcess, waitFor, type AppProcess } from './test-fixtures/app-process';

let build: Awaited<ReturnType<typeof buildApp>>;
let postgres: PostgresServer;
const apps: AppProcess[] = [];

beforeAll(async () => {
	[build, postgres] = await Promise.all([buildApp(`live-test-${process.pid}`), startPostgresServer()]);
}, 240_000);

afterAll(async () => {
	await Promise.all(apps.map((app) => app.stop()));
	await postgres?.destroy();
	await build?.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(url: string): Promise<AppProcess> {
	const app = await startAppProcess(build.buildDir, { DATABASE_URL: url, WEB_CONCURRENCY: '1' });
	apps.push(app);
	await waitFor('the app', async () => ((await app.fetch('/login')).status === 200 ? true : undefined), 60_000);
	return app;
}

/** Saves new text to each segment in turn through `app` until stopped; the revisions it acknowledged. */
function saveUntilStopped(app: AppProcess, token: string, segments: { id: number; revisionId: number | null }[]) {
	const acknowledged: number[] = [];
	let stopped = false;
	const writers = segments.map(async (segment) => {
		for (let n = 0; !stopped; n++) {
			try {
				const res = await callApi(app, token, 'PUT', `/api/v1/segments/${segment.id}`, {
					baseRevisionId: segment.revisionId,
					text: `${segment.id}: save ${n}`
				});
				const body = await res.json();
				if (res.status === 200) {
					acknowledged.push(body.revisionId);
					segment.revisionId = body.revisionId;
				} else if (res.status === 409) segment.revisionId = body.current.revisionId;
			} catch {
				// The process was killed under this request: it was not acknowledged.
				return;
			}
			await sleep(30);
		}
	});
	return {
		acknowledged,
		async stop() {
			stopped = true;
			await Promise.all(writers);
		}
	};
}

const revisionsIn = (events: ParsedEvent[]) =>
	new Set(events.filter((e) => e.event === 'segment').flatMap((e) => (e.data.segments as { revisionId: number }[]).map((s) => s.revisionId)));

describe('two app processes on one Postgres', () => {
	it('lose no event for the subscribers of one when the other is killed, nor when the database restarts', async () => {
		await postgres.query('create database live');
		const url = postgres.url('live');
		const handle = await openDatabase({ url, dataDir: '' });
		await migrateToLatest(handle.db, bundledMigrations);
		useDatabase(handle);
		const user = await users.createUser(handle.db, { email: 'live@example.org', name: 'Live', password: 'correct horse battery' });
		const { token } = await tokens.createApiToken(handle.db, user, { label: 'live test' });
		useDatabase(undefined);
		await handle.close();

		const [a, b] = [await start(url), await start(url)];
		const project = await (await callApi(a, token, 'POST', '/api/v1/projects', { name: 'Live', sourceLang: 'zh-Hans', targetLang: 'en' })).json();
		const source = Array.from({ length: 8 }, (_, i) => `第${i + 1}段。`).join('\n\n');
		const translation = Array.from({ length: 8 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
		const created = await (await callApi(a, token, 'POST', `/api/v1/projects/${project.id}/documents`, { title: 'Live', source, translation })).json();
		const doc = await (await callApi(a, token, 'GET', `/api/v1/documents/${created.id}`)).json();
		const segments: { id: number; revisionId: number | null }[] = doc.segments.map((s: { id: number; revisionId: number }) => ({ ...s }));

		const res = await callApi(b, token, 'GET', `/api/v1/documents/${created.id}/events`);
		expect(res.status).toBe(200);
		const stream = readEventStream(res);
		await stream.next((e) => e.event === 'presence');

		// Half the segments are saved through each process; the first dies in the middle of it.
		const throughA = saveUntilStopped(a, token, segments.slice(0, 4));
		const throughB = saveUntilStopped(b, token, segments.slice(4));
		await sleep(1_500);
		a.child.kill('SIGKILL');
		await throughA.stop();
		await sleep(1_000);
		await throughB.stop();
		const acknowledged = [...throughA.acknowledged, ...throughB.acknowledged];
		expect(throughA.acknowledged.length).toBeGreaterThan(5);
		expect(throughB.acknowledged.length).toBeGreaterThan(5);
		await waitFor(
			'every acknowledged save to reach the subscriber',
			async () => {
				const got = revisionsIn(stream.events);
				return acknowledged.every((r) => got.has(r)) ? true : undefined;
			},
			10_000
		).catch(() => {
			const got = revisionsIn(stream.events);
			throw new Error(`missing events for revisions ${acknowledged.filter((r) => !got.has(r)).join(', ')}`);
		});

		// The database restarts under the second process; its stream to the subscriber stays open.
		await postgres.kill();
		await postgres.start();
		const segment = segments[5];
		const revisionId = await waitFor(
			'a save through the second process after the restart',
			async () => {
				const saved = await callApi(b, token, 'PUT', `/api/v1/segments/${segment.id}`, { baseRevisionId: segment.revisionId, text: 'After the restart.' });
				return saved.status === 200 ? ((await saved.json()).revisionId as number) : undefined;
			},
			30_000
		);
		await waitFor(
			'the save after the restart to reach the subscriber',
			async () => (revisionsIn(stream.events).has(revisionId) ? true : undefined),
			15_000
		).catch(() => {
			throw new Error(`no event for revision ${revisionId}; the second process said:\n${b.output()}`);
		});
		expect(stream.closed).toBe(false);
		await stream.cancel();
	});
});
