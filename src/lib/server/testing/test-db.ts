import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, useDatabase, type DatabaseHandle } from '../db/db';
import { migrateToLatest } from '../db/migrate';
import { bundledMigrations } from '../db/bundled-migrations';

/**
 * A fresh, migrated database for one test file: a new database on the server named by
 * TEST_DATABASE_URL, or an in-memory embedded one without it.
 */
export async function createTestDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
	const serverUrl = process.env.TEST_DATABASE_URL?.trim();
	if (!serverUrl) {
		const handle = await openDatabase({ url: null, dataDir: 'memory://' });
		await migrateToLatest(handle.db, bundledMigrations);
		return { handle, drop: () => handle.close() };
	}
	const name = `rendition_test_${randomBytes(6).toString('hex')}`;
	await adminQuery(serverUrl, `create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ url: url.toString(), dataDir: '' });
	await migrateToLatest(handle.db, bundledMigrations);
	return {
		handle,
		async drop() {
			await handle.close();
			await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
		}
	};
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/** Registers beforeAll/afterAll hooks that give this test file its own database. */
export function useTestDatabase(): { handle(): DatabaseHandle } {
	let current: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
	beforeAll(async () => {
		current = await createTestDatabase();
		useDatabase(current.handle);
	});
	afterAll(async () => {
		useDatabase(undefined);
		await current?.drop();
	});
	return {
		handle() {
			if (!current) throw new Error('useTestDatabase: the database is not ready yet');
			return current.handle;
		}
	};
}
