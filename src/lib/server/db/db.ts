import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, type Dialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.generated';
import type { DatabaseConfig } from './config';
import { preparingClient, StatementNames } from './pg-statements';
import { lockDataDir } from './data-dir-lock';
import type { PGlite } from '@electric-sql/pglite';

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
	/**
	 * How the job queue reaches the same database: a Postgres server's address (the queue keeps
	 * a small pool of its own), or the embedded instance (used only while holding Kysely's one
	 * connection, so that no statement lands inside another caller's transaction).
	 */
	queue: { url: string } | { pglite: PGlite };
	close(): Promise<void>;
}

export const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
	if (config.url) {
		const pool = new pg.Pool({
			connectionString: config.url,
			max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
			// An unreachable server (a host that drops packets) fails a request within seconds
			// with a 503, rather than after the operating system's connect timeout of minutes.
			connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
			// Off for poolers that hand each transaction a different server connection (PgBouncer in transaction mode before 1.21).
			...(process.env.DATABASE_PREPARE === 'off' ? {} : { Client: preparingClient(new StatementNames()) })
		});
		// An idle connection that dies (Postgres restarted, an admin ended it) is dropped from the
		// pool and replaced on demand; unhandled, pg's 'error' event would end the whole process.
		pool.on('error', (e) => console.error(`A Postgres connection was lost and will be replaced: ${e.message}`));
		// pg emits the same event on a connection in use (Postgres restarted mid-query), where
		// the pool's listener is detached: the query fails on its own and the pool drops the
		// connection when it comes back, so there is nothing to do but not crash.
		pool.on('connect', (client) => client.on('error', () => undefined));
		return wrap(new PostgresDialect({ pool }), { url: config.url });
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { PGliteDialect } = await import('kysely-pglite-dialect');
	const inMemory = config.dataDir.startsWith('memory://');
	const extensions = await pgliteExtensions();
	if (inMemory) {
		const pglite = await PGlite.create({ extensions });
		return wrap(new PGliteDialect(pglite), { pglite });
	}
	// PGlite.create fails unless the parent folder exists.
	await mkdir(path.dirname(config.dataDir), { recursive: true });
	const release = await lockDataDir(config.dataDir);
	try {
		const { DurableNodeFS, durableStartParams } = await import('./durable-nodefs');
		const pglite = await PGlite.create({ fs: new DurableNodeFS(config.dataDir), startParams: durableStartParams(), extensions });
		const handle = wrap(new PGliteDialect(pglite), { pglite });
		return { ...handle, close: () => handle.close().finally(release) };
	} catch (e) {
		await release();
		throw e;
	}
}

/**
 * The contrib extensions the migrations create, which PGlite must load up front (a Postgres
 * server has them installed): intarray, for the translation memory's key overlap.
 */
export async function pgliteExtensions() {
	const { intarray } = await import('@electric-sql/pglite/contrib/intarray');
	return { intarray };
}

function wrap(dialect: Dialect, queue: DatabaseHandle['queue']): DatabaseHandle {
	const db = new Kysely<DB>({ dialect, plugins: [new CamelCasePlugin()] });
	// Kysely's destroy() closes the pg pool or the PGlite instance through the dialect's driver.
	return { db, kind: 'url' in queue ? 'postgres' : 'embedded', queue, close: () => db.destroy() };
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
