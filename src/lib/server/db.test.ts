import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './testing/test-db';
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
