// A job survives its process: a worker process is killed (SIGKILL) in the middle of a job and a
// new one finishes it, going on from the items the first one wrote, on a Postgres server of the
// test's own and on an embedded data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, useDatabase, type DatabaseHandle } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { bundledMigrations } from '../src/lib/server/db/bundled-migrations';
import { createTeam } from '../src/lib/server/testing/factories';
import { JobWorker } from '../src/lib/server/jobs/worker';
import * as jobs from '../src/lib/server/jobs/jobs';
import { startPostgresServer, type PostgresServer } from './test-fixtures/postgres-server';
import { waitFor } from './test-fixtures/app-process';
import { createRestartTable, RESTART_ITEMS, restartJob } from './test-fixtures/restart-job';

interface WorkerProcess {
	child: ChildProcess;
	output(): string;
	items(): number[];
}

const children: ChildProcess[] = [];

function startWorker(env: Record<string, string>): WorkerProcess {
	// tsx as a loader rather than its CLI, which would run the script in a child of its own: the
	// signal must reach the process that runs the jobs.
	const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/test-fixtures/job-worker.ts')], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	return { child, output: () => output, items: () => [...output.matchAll(/^item (\d+)$/gm)].map((m) => Number(m[1])) };
}

async function kill(worker: WorkerProcess, signal: NodeJS.Signals): Promise<void> {
	if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
	const gone = new Promise((resolve) => worker.child.once('exit', resolve));
	worker.child.kill(signal);
	await gone;
}

afterAll(() => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Migrates the database, makes a project, creates the kind's queue and enqueues one job on it. */
async function enqueueOn(handle: DatabaseHandle): Promise<number> {
	await migrateToLatest(handle.db, bundledMigrations);
	await createRestartTable(handle.db);
	useDatabase(handle);
	try {
		const team = await createTeam();
		// Started and stopped at once: installs pg-boss's schema and the queue, runs nothing.
		const worker = new JobWorker(handle, { kinds: [restartJob] });
		await worker.start();
		await worker.stop();
		return (await jobs.enqueue(handle.db, restartJob, { items: RESTART_ITEMS }, { projectId: team.project.id, createdBy: team.translator.id })).jobId;
	} finally {
		useDatabase(undefined);
	}
}

/** Kills the first worker after a few items, starts a second and checks that it finished the job without redoing them. */
async function killMidJobAndResume(env: Record<string, string>, check: () => Promise<DatabaseHandle>, jobId: number): Promise<void> {
	const first = startWorker(env);
	await waitFor('the first worker to do a few items', async () => (first.items().length >= 5 ? true : undefined), 40_000);
	await kill(first, 'SIGKILL');
	const before = first.items();
	expect(before.length).toBeLessThan(RESTART_ITEMS);

	const second = startWorker(env);
	await waitFor('the second worker to finish the job', async () => (second.items().includes(RESTART_ITEMS) ? true : undefined), 40_000).catch((e) => {
		throw new Error(`${e.message}; the first worker said:\n${first.output()}\nthe second:\n${second.output()}`);
	});
	// The last write and the record's "done" follow the last item.
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	await kill(second, 'SIGTERM');
	expect(second.output()).not.toMatch(/Error|Unhandled/);
	// At most the item in flight when the first process died is done again; none before it.
	expect(Math.min(...second.items())).toBeGreaterThanOrEqual(Math.max(...before));

	const handle = await check();
	try {
		const job = await jobs.getJob(handle.db, jobId);
		expect(job).toMatchObject({ state: 'done', done: RESTART_ITEMS, total: RESTART_ITEMS, result: { items: RESTART_ITEMS } });
		const { rows } = await sql<{
			n: number;
			pids: number;
		}>`select count(*)::int as n, count(distinct pid)::int as pids from restart_items where job_id = ${jobId}`.execute(handle.db);
		expect(rows[0]).toEqual({ n: RESTART_ITEMS, pids: 2 });
	} finally {
		await handle.close();
	}
}

describe('on a Postgres server', () => {
	let postgres: PostgresServer;
	beforeAll(async () => {
		postgres = await startPostgresServer();
	}, 60_000);
	afterAll(async () => {
		await postgres?.destroy();
	});

	it('a job whose process was killed is finished by the next one, after its claim expired', async () => {
		await postgres.query('create database jobs_restart');
		const url = postgres.url('jobs_restart');
		const handle = await openDatabase({ url, dataDir: '' });
		const jobId = await enqueueOn(handle).finally(() => handle.close());
		await killMidJobAndResume({ DATABASE_URL: url }, () => openDatabase({ url, dataDir: '' }), jobId);
	});

	it('a worker waits out a database outage with one line in the log, and runs jobs again once it is back', async () => {
		await postgres.query('create database jobs_outage');
		const url = postgres.url('jobs_outage');
		const handle = await openDatabase({ url, dataDir: '' });
		const worker = new JobWorker(handle, { kinds: [restartJob], pollIntervalMs: 100, maintenanceIntervalSeconds: 1 });
		const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const jobId = await enqueueOn(handle);
			await sql`truncate restart_items`.execute(handle.db);
			await worker.start();
			await postgres.kill();
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			// The app's pool says once per idle connection that it lost it (db.ts); the worker says nothing more.
			const ownErrors = () => errors.mock.calls.filter(([message]) => !/^A Postgres connection was lost/.test(String(message)));
			expect(ownErrors()).toEqual([]);
			expect(warnings).toHaveBeenCalledTimes(1);
			expect(String(warnings.mock.calls[0][0])).toMatch(/^Background jobs wait for the database \(.+\)\.$/);
			await postgres.start();
			const job = await waitFor('the job after the outage', async () => {
				const job = await jobs.getJob(handle.db, jobId).catch(() => null);
				return job?.state === 'done' ? job : undefined;
			});
			expect(job.done).toBe(RESTART_ITEMS);
			expect(ownErrors()).toEqual([]);
			expect(warnings).toHaveBeenCalledTimes(1);
		} finally {
			await worker.stop();
			await handle.close();
			warnings.mockRestore();
			errors.mockRestore();
		}
	});
});

describe('on the embedded database', () => {
	let dir: string;
	afterAll(async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('a job whose process was killed is taken up again at once by the next start', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'rendition-jobs-'));
		const dataDir = path.join(dir, 'pglite');
		const handle = await openDatabase({ url: null, dataDir });
		const jobId = await enqueueOn(handle).finally(() => handle.close());
		await killMidJobAndResume({ DATABASE_URL: '', DATA_DIR: dataDir }, () => openDatabase({ url: null, dataDir }), jobId);
	});
});
