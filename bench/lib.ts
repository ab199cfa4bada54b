import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { recreateDatabase as recreateOn } from '../scripts/test-fixtures/postgres-server';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrl(name: string): string {
	const url = new URL(SERVER_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

export function recreateDatabase(name: string): Promise<string> {
	return recreateOn(SERVER_URL, name);
}

/** A new, empty database of that name with the app's schema, open for seeding through the domain verbs. */
export async function migratedDatabase(name: string): Promise<{ url: string; handle: DatabaseHandle }> {
	const url = await recreateDatabase(name);
	const handle = await openDatabase({ url, dataDir: '' });
	await migrateToLatest(handle.db, await loadMigrations());
	return { url, handle };
}

/** The database, created if it does not exist yet, with what it holds left as it is. */
export async function ensureDatabase(name: string): Promise<string> {
	const admin = new pg.Client({ connectionString: SERVER_URL });
	await admin.connect();
	const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
	if (!rowCount) await admin.query(`create database ${name}`);
	await admin.end();
	return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
	const admin = new pg.Client({ connectionString: SERVER_URL });
	await admin.connect();
	await admin.query(`drop database if exists ${name} with (force)`);
	await admin.end();
}

/**
 * Starts the built app (npm run build first) on `port` the way `npm run serve` does, so with a
 * DATABASE_URL it runs one process per core (WEB_CONCURRENCY overrides). `pid` is the process
 * started: the app itself when it runs in one process (WEB_CONCURRENCY=1), else the cluster's primary.
 */
export async function startServer(
	port: number,
	env: Record<string, string>,
	nodeArgs: string[] = []
): Promise<{ origin: string; pid: number; stop(): Promise<void> }> {
	const origin = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(
		process.execPath,
		[...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...nodeArgs, path.resolve('scripts', 'serve.js')],
		{
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, BODY_SIZE_LIMIT: '16M', ...env },
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	for (let i = 0; i < 200; i++) {
		try {
			const res = await fetch(`${origin}/login`);
			if (res.ok) break;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		pid: child.pid!,
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/**
 * `clients` closed loops of saves for `seconds`, each on its own share of the segments so that every
 * save is a real one. `bases` holds each segment's current revision; `save` returns the new one.
 */
export async function saveLoops(
	clients: number,
	seconds: number,
	bases: Map<number, number>,
	save: (client: number, segmentId: number, base: number, n: number) => Promise<number>
): Promise<{ latencies: number[]; errors: number }> {
	const segmentIds = [...bases.keys()];
	const latencies: number[] = [];
	const deadline = performance.now() + seconds * 1000;
	let errors = 0;
	await Promise.all(
		Array.from({ length: clients }, async (_, c) => {
			const mine = segmentIds.filter((_, i) => i % clients === c);
			for (let n = 0; performance.now() < deadline; n++) {
				const id = mine[n % mine.length];
				const start = performance.now();
				try {
					bases.set(id, await save(c, id, bases.get(id)!, n));
					latencies.push(performance.now() - start);
				} catch (e) {
					errors++;
					if (errors < 5) console.error(e);
				}
			}
		})
	);
	return { latencies, errors };
}

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(latencies: number[], seconds: number) {
	const sorted = [...latencies].sort((a, b) => a - b);
	return {
		ops: latencies.length,
		perSecond: latencies.length / seconds,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99)
	};
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Milliseconds on the system's monotonic clock: comparable between processes of one machine, unlike performance.now(). */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
