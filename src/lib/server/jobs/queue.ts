import { CompiledQuery } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { CONNECT_TIMEOUT_MS, type Database, type DatabaseHandle } from '../db/db';

// pg-boss keeps the queue (claims with SKIP LOCKED, retries with backoff, time limits, archive)
// in its own schema. Rendition reaches it through `db` adapters, so that it runs the same way on
// a Postgres server and on the embedded database, and can enqueue inside a caller's transaction.

export const QUEUE_SCHEMA = 'pgboss';

export type QueueDb = PgBoss.Db;

export interface QueueConnection {
	db: QueueDb;
	close(): Promise<void>;
}

/**
 * The queue's own way to the database. On Postgres: a small pool of its own (pg-boss sends
 * multi-statement scripts unparameterised, which the app's pool would prepare, and its polling
 * should not take request connections). On the embedded database: each statement waits for
 * Kysely's one connection, as every query of the app does, so none of them can land inside
 * another caller's open transaction.
 */
export function queueConnection(handle: DatabaseHandle, onError: (e: unknown) => void, onSuccess: () => void): QueueConnection {
	const observed = (run: QueueDb['executeSql']): QueueDb => ({
		async executeSql(text, values) {
			try {
				const result = await run(text, values);
				onSuccess();
				return result;
			} catch (e) {
				onError(e);
				throw e;
			}
		}
	});
	if ('url' in handle.queue) {
		const pool = new pg.Pool({ connectionString: handle.queue.url, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'rendition-jobs' });
		pool.on('error', () => undefined);
		pool.on('connect', (client) => client.on('error', () => undefined));
		return { db: observed((text, values) => pool.query(text, values)), close: () => pool.end() };
	}
	const { pglite } = handle.queue;
	const db = handle.db;
	return {
		db: observed((text, values) =>
			db.connection().execute(async (connection) => {
				if (values?.length) return connection.withoutPlugins().executeQuery(CompiledQuery.raw(text, values));
				// Unparameterised: maybe a script (BEGIN; …; COMMIT), which only exec() runs. A failure
				// half-way leaves the one connection in an aborted transaction: end it before letting go.
				try {
					const results = await pglite.exec(text);
					return { rows: results.flatMap((r) => r.rows) };
				} catch (e) {
					await pglite.exec('rollback').catch(() => undefined);
					throw e;
				}
			})
		),
		close: async () => undefined
	};
}

/** The queue's statements run through `trx`: committed or rolled back with the caller's writes. */
export function transactionDb(trx: Database): QueueDb {
	return {
		executeSql: (text, values) => trx.withoutPlugins().executeQuery(CompiledQuery.raw(text, values ?? []))
	};
}

/** A pg-boss instance over `db`, not started: for its statements (send, cancel, fetch) with a `db` of their own. */
export function queueClient(db: QueueDb, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
	return new PgBoss({ db, schema: QUEUE_SCHEMA, schedule: false, supervise: false, migrate: false, ...options } as PgBoss.ConstructorOptions);
}

const unconnected: QueueDb = {
	executeSql: () => Promise.reject(new Error('This pg-boss instance only sends through a transaction it is given.'))
};

/** For statements that always come with the caller's transaction. */
export const transactionalQueue = queueClient(unconnected);
