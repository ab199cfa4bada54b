import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, type Dialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.generated';
import type { DatabaseConfig } from './config';
import { preparingClient, StatementNames } from './pg-statements';

/** The database or a transaction on it: every domain verb takes one, so verbs compose inside one transaction. */
export type Database = Kysely<DB>;
export type Trx = Transaction<DB>;

/** Runs `work` in a transaction: the caller's, when `db` already is one, else a new one. */
export function inTransaction<T>(db: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
	return db.isTransaction ? work(db as Trx) : db.transaction().execute(work);
}

export interface DatabaseHandle {
	db: Database;
	kind: 'postgres' | 'embedded';
	close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
	if (config.url) {
		const pool = new pg.Pool({
			connectionString: config.url,
			max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
			// Off for poolers that hand each transaction a different server connection (PgBouncer in transaction mode before 1.21).
			...(process.env.DATABASE_PREPARE === 'off' ? {} : { Client: preparingClient(new StatementNames()) })
		});
		// An idle connection that dies (Postgres restarted, an admin ended it) is dropped from the
		// pool and replaced on demand; unhandled, pg's 'error' event would end the whole process.
		pool.on('error', (e) => console.error(`A Postgres connection was lost and will be replaced: ${e.message}`));
		return wrap(new PostgresDialect({ pool }), 'postgres');
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { PGliteDialect } = await import('kysely-pglite-dialect');
	const inMemory = config.dataDir.startsWith('memory://');
	if (inMemory) return wrap(new PGliteDialect(await PGlite.create()), 'embedded');
	// PGlite.create fails unless the parent folder exists.
	await mkdir(path.dirname(config.dataDir), { recursive: true });
	const release = await lockDataDir(config.dataDir);
	try {
		const handle = wrap(new PGliteDialect(await PGlite.create(config.dataDir)), 'embedded');
		return { ...handle, close: () => handle.close().finally(release) };
	} catch (e) {
		await release();
		throw e;
	}
}

/**
 * The embedded database is a folder that only one process may open: a second one (the CLI
 * while the app runs) would corrupt it. A lock file with the owner's pid guards it; a lock
 * left by a process that no longer exists is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
	const lockFile = `${dataDir}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			await writeFile(lockFile, String(process.pid), { flag: 'wx' });
			return () => rm(lockFile, { force: true });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
			if (owner && owner !== process.pid && isAlive(owner)) {
				throw new Error(
					`The embedded database at ${dataDir} is in use by process ${owner}. Stop that process (the app or another CLI command) first, or set DATABASE_URL.`,
					{ cause: e }
				);
			}
			await rm(lockFile, { force: true });
		}
	}
	throw new Error(`Could not lock the embedded database at ${dataDir}.`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function wrap(dialect: Dialect, kind: DatabaseHandle['kind']): DatabaseHandle {
	const db = new Kysely<DB>({ dialect, plugins: [new CamelCasePlugin()] });
	// Kysely's destroy() closes the pg pool or the PGlite instance through the dialect's driver.
	return { db, kind, close: () => db.destroy() };
}

// One handle per process, kept on globalThis so Vite's hot reload does not open the
// embedded data folder twice.
const slot = globalThis as typeof globalThis & { __renditionDb?: DatabaseHandle };

export function useDatabase(handle: DatabaseHandle | undefined): void {
	slot.__renditionDb = handle;
}

export function currentDatabase(): DatabaseHandle | undefined {
	return slot.__renditionDb;
}

/** The application's database. Routes never call this: domain modules do. */
export function getDb(): Database {
	const handle = slot.__renditionDb;
	if (!handle) throw new Error('The database is not open yet: startApp() has not run.');
	return handle.db;
}
