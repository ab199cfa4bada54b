import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrl(name: string): string {
	const url = new URL(SERVER_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

export async function recreateDatabase(name: string): Promise<string> {
	const admin = new pg.Client({ connectionString: SERVER_URL });
	await admin.connect();
	await admin.query(`drop database if exists ${name} with (force)`);
	await admin.query(`create database ${name}`);
	await admin.end();
	return databaseUrl(name);
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
 * DATABASE_URL it runs one process per core (WEB_CONCURRENCY overrides).
 */
export async function startServer(port: number, env: Record<string, string>): Promise<{ origin: string; stop(): Promise<void> }> {
	const origin = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(
		process.execPath,
		[...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), path.resolve('scripts', 'serve.js')],
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
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
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
