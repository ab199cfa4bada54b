import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, useTestDatabase } from '../testing/test-db';
import { createTeam, type Team } from '../testing/factories';
import { openDatabase, type DatabaseHandle } from '../db/db';
import { migrateToLatest } from '../db/migrate';
import { bundledMigrations } from '../db/bundled-migrations';
import * as jobs from './jobs';
import { JobWorker } from './worker';
import { queueConnection } from './queue';

// Integration: test-only kinds run by real workers on this file's database (Postgres with
// TEST_DATABASE_URL, else PGlite), and the embedded database's one connection shared safely.

const database = useTestDatabase();
const FAST = { pollIntervalMs: 50, maintenanceIntervalSeconds: 1, watchIntervalMs: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often each job's handler was called, across every worker of this file. */
const runs = new Map<number, number>();
const ranBy = new Map<number, string>();
const counted = (jobId: number, worker: string) => {
	runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
	ranBy.set(jobId, worker);
};

const items = jobs.defineJob<{ items: number; failing?: number[]; worker?: string }>('test_items', async ({ jobId, payload, progress, itemFailed, db }) => {
	counted(jobId, payload.worker ?? '');
	await db.selectNoFrom(sql<number>`1`.as('one')).execute();
	for (let i = 1; i <= payload.items; i++) {
		await sleep(15);
		if (payload.failing?.includes(i)) await itemFailed(i, `Segment ${i} came back garbled.`);
		await progress(i, payload.items);
	}
	return { translated: payload.items - (payload.failing?.length ?? 0) };
});

const flaky = jobs.defineJob<Record<string, never>>(
	'test_flaky',
	async ({ jobId }) => {
		counted(jobId, '');
		throw new Error('The engine answered 500.');
	},
	{ retryLimit: 1, retryDelaySeconds: 1 }
);

const slow = jobs.defineJob<Record<string, never>>('test_slow', async ({ jobId, signal, progress }) => {
	counted(jobId, '');
	await progress(0, 10);
	await new Promise((resolve) => signal.addEventListener('abort', resolve));
	throw signal.reason;
});

const KINDS = [items, flaky, slow];

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await sleep(50);
	}
}

const finished = (handle: DatabaseHandle, jobId: number) =>
	until(`job ${jobId} to finish`, async () => {
		const job = await jobs.getJob(handle.db, jobId);
		return job && ['done', 'failed', 'cancelled'].includes(job.state) ? job : null;
	});

const queueJobs = async (handle: DatabaseHandle, kind: string) =>
	Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${kind}`.execute(handle.db)).rows[0].n);

let team: Team;
let worker: JobWorker;

beforeAll(async () => {
	team = await createTeam();
	worker = new JobWorker(database.handle(), { kinds: KINDS, ...FAST });
	await worker.start();
});

afterAll(async () => {
	await worker?.stop();
});

const who = () => ({ projectId: team.project.id, createdBy: team.translator.id });

describe('a job', () => {
	it('runs once, recording its progress, the items that failed and its result', async () => {
		const { jobId } = await jobs.enqueue(database.handle().db, items, { items: 8, failing: [3, 5] }, who());
		const job = await finished(database.handle(), jobId);
		expect(job).toMatchObject({ state: 'done', done: 8, total: 8, errorCount: 2, result: { translated: 6 } });
		expect(job.errors).toEqual([
			{ item: 3, message: 'Segment 3 came back garbled.' },
			{ item: 5, message: 'Segment 5 came back garbled.' }
		]);
		expect(job.startedAt).toBeInstanceOf(Date);
		expect(job.finishedAt).toBeInstanceOf(Date);
		expect(runs.get(jobId)).toBe(1);
		expect(await queueJobs(database.handle(), 'test_items')).toBeGreaterThan(0);
	});

	it('that throws is tried again with backoff, then fails with the message', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { jobId } = await jobs.enqueue(database.handle().db, flaky, {}, who());
		const job = await finished(database.handle(), jobId);
		expect(String(errors.mock.calls[0]?.[0])).toMatch(/test_flaky job \(\d+\) failed and will be tried again/);
		errors.mockRestore();
		expect(job.state).toBe('failed');
		expect(job.errors).toEqual([{ message: 'The engine answered 500.' }]);
		expect(runs.get(jobId)).toBe(2);
	});

	it('enqueued in a transaction that rolls back leaves no job, in Rendition or in the queue', async () => {
		const db = database.handle().db;
		const before = await queueJobs(database.handle(), 'test_items');
		const count = async () =>
			Number(
				(
					await db
						.selectFrom('jobs')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const rows = await count();
		await expect(
			db.transaction().execute(async (trx) => {
				await jobs.enqueue(trx, items, { items: 1 }, who());
				throw new Error('The import failed.');
			})
		).rejects.toThrow('The import failed.');
		expect(await count()).toBe(rows);
		expect(await queueJobs(database.handle(), 'test_items')).toBe(before);

		const { jobId } = await db.transaction().execute((trx) => jobs.enqueue(trx, items, { items: 1 }, who()));
		expect((await finished(database.handle(), jobId)).state).toBe('done');
	});

	it('is cancelled by the member who started it: the running handler is told and stops', async () => {
		const { jobId } = await jobs.enqueue(database.handle().db, slow, {}, who());
		await until('the slow job to start', async () => (await jobs.getJob(database.handle().db, jobId))?.state === 'running');
		const asOutsider = await jobs.findJobForMember(database.handle().db, team.outsider, jobId);
		expect(asOutsider).toBeNull();
		const asReviewer = (await jobs.findJobForMember(database.handle().db, team.reviewer, jobId))!;
		await expect(jobs.cancelJob(database.handle().db, asReviewer)).rejects.toMatchObject({ code: 'forbidden' });
		const asStarter = (await jobs.findJobForMember(database.handle().db, team.translator, jobId))!;
		expect((await jobs.cancelJob(database.handle().db, asStarter)).state).toBe('cancelled');
		await expect(jobs.cancelJob(database.handle().db, asStarter)).rejects.toMatchObject({ code: 'conflict' });
		await sleep(500);
		const job = await jobs.getJob(database.handle().db, jobId);
		expect(job).toMatchObject({ state: 'cancelled', done: 0, total: 10 });
		expect(runs.get(jobId)).toBe(1);
	});

	it('of a kind that has no queue is refused, and the caller’s transaction with it', async () => {
		const unknown = jobs.defineJob('test_unlisted', async () => undefined);
		await expect(jobs.enqueue(database.handle().db, unknown, {}, who())).rejects.toThrow(/No job queue "test_unlisted"/);
	});
});

describe('two workers on one database', () => {
	let second: { handle: DatabaseHandle; own: boolean };
	let other: JobWorker;
	beforeAll(async () => {
		const handle = database.handle();
		// Two processes on a Postgres server: two pools. The embedded database has one process, so
		// its two workers share the one connection.
		second = 'url' in handle.queue ? { handle: await openDatabase({ url: handle.queue.url, dataDir: '' }), own: true } : { handle, own: false };
		other = new JobWorker(second.handle, { kinds: KINDS, ...FAST });
		await other.start();
	});
	afterAll(async () => {
		await other?.stop();
		if (second?.own) await second.handle.close();
	});

	it('run each job once', async () => {
		const ids = await Promise.all(Array.from({ length: 10 }, () => jobs.enqueue(database.handle().db, items, { items: 4 }, who())));
		for (const { jobId } of ids) expect((await finished(database.handle(), jobId)).state).toBe('done');
		expect(ids.map(({ jobId }) => runs.get(jobId))).toEqual(ids.map(() => 1));
	});
});

describe('a new database', () => {
	it('gets the queue installed once when several processes start on it together', async () => {
		const fresh = await createTestDatabase();
		// On a Postgres server each process has its own pool; the embedded database has one process.
		const handles =
			fresh.handle.kind === 'postgres'
				? [fresh.handle, ...(await Promise.all([1, 2].map(() => openDatabase({ url: (fresh.handle.queue as { url: string }).url, dataDir: '' }))))]
				: [fresh.handle];
		const workers = handles.map((handle) => new JobWorker(handle, { kinds: KINDS, ...FAST }));
		try {
			const started = await Promise.allSettled(workers.map((w) => w.start()));
			expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(workers.map(() => 'started'));
		} finally {
			await Promise.all(workers.map((w) => w.stop()));
			await Promise.all(handles.slice(1).map((h) => h.close()));
			await fresh.drop();
		}
	});
});

describe('the embedded database', () => {
	let embedded: DatabaseHandle;
	let own = false;
	beforeAll(async () => {
		own = database.handle().kind !== 'embedded';
		embedded = own ? await openDatabase({ url: null, dataDir: 'memory://' }) : database.handle();
		if (own) await migrateToLatest(embedded.db, bundledMigrations);
	});
	afterAll(async () => {
		if (own) await embedded?.close();
	});

	it('never runs a statement of the queue inside another caller’s open transaction', async () => {
		const queue = queueConnection(
			embedded,
			() => undefined,
			() => undefined
		);
		await sql`create table if not exists queue_probe (n int)`.execute(embedded.db);
		let answered = false;
		let seen: number | undefined;
		await embedded.db
			.transaction()
			.execute(async (trx) => {
				await sql`insert into queue_probe values (1)`.execute(trx);
				void queue.db.executeSql('select count(*)::int as n from queue_probe', []).then(({ rows }) => {
					answered = true;
					seen = rows[0].n;
				});
				await sleep(200);
				expect(answered).toBe(false);
				throw new Error('roll back');
			})
			.catch(() => undefined);
		await until('the queue’s statement', async () => answered);
		expect(seen).toBe(0);
	});
});
