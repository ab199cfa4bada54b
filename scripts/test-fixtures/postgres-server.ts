// A Postgres server of a test's own, in a temporary folder on a free port, that the test may
// kill and start again (never the shared server on 5432). Postgres refuses to run as root:
// as root the server runs as the `postgres` account.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
	port: number;
	/** postgres://… of `database` on this server. */
	url(database: string): string;
	query(sql: string, database?: string): Promise<pg.QueryResult>;
	/** SIGKILL to the postmaster: its backends end their connections with 57P01, as in a crash. */
	kill(): Promise<void>;
	start(): Promise<void>;
	/** Kills the server and removes its folder. */
	destroy(): Promise<void>;
}

/** A new, empty database `name` on the server at `serverUrl` (dropped first if it is there); its URL. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/** The newest installed server's binaries (POSTGRES_BIN to choose), or a clear failure. */
function binaries(): string {
	const candidates = process.env.POSTGRES_BIN
		? [process.env.POSTGRES_BIN]
		: existsSync('/usr/lib/postgresql')
			? readdirSync('/usr/lib/postgresql')
					.sort((a, b) => Number(b) - Number(a))
					.map((v) => `/usr/lib/postgresql/${v}/bin`)
			: [];
	const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')));
	if (!found) {
		throw new Error(
			`No Postgres server binaries (initdb, postgres) in ${candidates.join(', ') || '/usr/lib/postgresql/*/bin'}: install postgresql or set POSTGRES_BIN.`
		);
	}
	return found;
}

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export async function startPostgresServer(): Promise<PostgresServer> {
	const bin = binaries();
	const asRoot = process.getuid?.() === 0;
	const dir = await mkdtemp(path.join(tmpdir(), 'rendition-pg-'));
	const data = path.join(dir, 'data');
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
		chownSync(dir, uid, gid);
	}
	const command = (file: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]);
	const [initdb, initArgs] = command(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
	execFileSync(initdb, initArgs, { stdio: 'pipe' });

	const port = await freePort();
	const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
	let server: ChildProcess | undefined;
	let log = '';

	async function connect(database = 'postgres'): Promise<pg.Client> {
		const client = new pg.Client({ connectionString: url(database), connectionTimeoutMillis: 2_000 });
		client.on('error', () => undefined);
		await client.connect();
		return client;
	}

	async function start(): Promise<void> {
		// Backends of a killed server may take a moment to go: a new postmaster refuses to start
		// while they hold its shared memory, so try again briefly.
		for (let attempt = 0; ; attempt++) {
			const [postgres, args] = command(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']);
			const child = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
			child.stdout!.on('data', (d) => (log += d));
			child.stderr!.on('data', (d) => (log += d));
			server = child;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			for (let i = 0; i < 150 && child.exitCode === null; i++) {
				try {
					await (await connect()).end();
					return;
				} catch {
					await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 100))]);
				}
			}
			child.kill('SIGKILL');
			if (attempt >= 20) throw new Error(`The test's Postgres server did not start:\n${log.slice(-2000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	async function kill(): Promise<void> {
		const child = server;
		if (!child) return;
		server = undefined;
		const exited = child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
		// The postmaster itself: under runuser the child is runuser, which then exits with it.
		const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		process.kill(pid, 'SIGKILL');
		await exited;
	}

	await start();
	return {
		port,
		url,
		async query(sql, database) {
			const client = await connect(database);
			try {
				return await client.query(sql);
			} finally {
				await client.end();
			}
		},
		kill,
		start,
		async destroy() {
			await kill().catch(() => undefined);
			await rm(dir, { recursive: true, force: true });
		}
	};
}
