import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/db';
import { defineJob } from '../../src/lib/server/jobs/kind';

// The job of scripts/jobs-restart.test.ts: one row per item in restart_items, an item at a time,
// skipping the items an earlier run already wrote, as every real handler must.

export const RESTART_ITEMS = 20;

export const restartJob = defineJob<{ items: number }>(
	'test_restart',
	async ({ jobId, payload, db, signal, progress }) => {
		const { rows } = await sql<{ n: number }>`select n from restart_items where job_id = ${jobId}`.execute(db);
		const done = new Set(rows.map((r) => Number(r.n)));
		for (let n = 1; n <= payload.items; n++) {
			if (done.has(n)) continue;
			signal.throwIfAborted();
			await new Promise((resolve) => setTimeout(resolve, 120));
			await sql`insert into restart_items (job_id, n, pid) values (${jobId}, ${n}, ${process.pid}) on conflict do nothing`.execute(db);
			done.add(n);
			console.log(`item ${n}`);
			await progress(done.size, payload.items);
		}
		return { items: done.size };
	},
	// A killed process's claim on a Postgres server lasts this long.
	{ expireInSeconds: 3, retryLimit: 5, retryDelaySeconds: 1 }
);

export const createRestartTable = (db: Database) => sql`create table restart_items (job_id int, n int, pid int, primary key (job_id, n))`.execute(db);
