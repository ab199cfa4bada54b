import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../testing/test-db';
import { migrateDown, migrateToLatest } from './migrate';
import { bundledMigrations } from './bundled-migrations';

describe('migrations', () => {
	it('apply, revert every step with down, and apply again', async () => {
		const { handle, drop } = await createTestDatabase();
		try {
			const tables = async () =>
				(
					await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
						where table_schema = 'public' and table_name not like 'kysely_%'`.execute(handle.db)
				).rows[0].n;
			expect(await tables()).toBeGreaterThan(0);
			for (let i = 0; i < Object.keys(bundledMigrations).length; i++) {
				await migrateDown(handle.db, bundledMigrations);
			}
			expect(await tables()).toBe(0);
			await migrateToLatest(handle.db, bundledMigrations);
			expect(await tables()).toBeGreaterThan(0);
		} finally {
			await drop();
		}
	});
});

describe('statements that run often', () => {
	it('are prepared once per Postgres connection and keep returning the right rows', async () => {
		const { handle, drop } = await createTestDatabase();
		try {
			await handle.db.connection().execute(async (db) => {
				for (let i = 1; i <= 6; i++) {
					const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(db);
					expect(rows).toEqual([{ n: i + 1 }]);
				}
				if (handle.kind === 'postgres') {
					const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
					expect(rows.map((r) => r.statement)).toContain('select $1::int + 1 as n');
				}
			});
		} finally {
			await drop();
		}
	});
});

describe('lost connections', () => {
	it('are replaced: the app keeps answering after Postgres ends its connections', async () => {
		const { handle, drop } = await createTestDatabase();
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const one = async () => (await sql<{ n: number }>`select 1 as n`.execute(handle.db)).rows[0].n;
			expect(await one()).toBe(1);
			if (handle.kind === 'postgres') {
				const {
					rows: [{ db }]
				} = await sql<{ db: string }>`select current_database() as db`.execute(handle.db);
				const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
				await admin.connect();
				const { rows } = await admin.query(
					'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
					[db]
				);
				await admin.end();
				expect(rows[0].n).toBeGreaterThan(0);
				await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(expect.stringContaining('Postgres connection was lost')));
			}
			expect(await one()).toBe(1);
		} finally {
			errors.mockRestore();
			await drop();
		}
	});

	it('in use do not end the process: the query fails, and the next one gets a new connection', async () => {
		const { handle, drop } = await createTestDatabase();
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			if (handle.kind === 'postgres') {
				// Ended while checked out and idle between two queries: pg emits 'error' on the client,
				// which would be an uncaught exception (and fail this test) without a listener.
				await expect(
					handle.db.connection().execute(async (db) => {
						const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
						const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
						await admin.connect();
						await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
						await admin.end();
						await new Promise((resolve) => setTimeout(resolve, 200));
						await sql`select 1`.execute(db);
					})
				).rejects.toThrow();
			}
			expect((await sql<{ n: number }>`select 1 as n`.execute(handle.db)).rows[0].n).toBe(1);
		} finally {
			errors.mockRestore();
			await drop();
		}
	});
});
