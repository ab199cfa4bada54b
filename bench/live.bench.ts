/**
 * Live updates fan-out: 500 event streams (GET /api/v1/documents/{id}/events) on one document,
 * split over two app processes on one Postgres. Times each of 50 saves until every stream has its
 * event; memory per open stream in each app process; save throughput through both processes
 * without the streams, with them, and without again. The streams are read in a child process
 * (bench/live-subscribers.ts) so that their parsing does not delay the saves being timed. Needs a
 * Postgres server (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the local one) and a build.
 * BENCH_SUBSCRIBERS, BENCH_SAVES, BENCH_SECONDS, BENCH_CLIENTS, BENCH_PORT (and the next port) and
 * BENCH_NAME (a suffix for the bench database) change the run.
 *   npx tsx bench/live.bench.ts
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { getDb, useDatabase } from '../src/lib/server/db/db';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import * as documents from '../src/lib/server/documents/documents';
import * as tokens from '../src/lib/server/auth/tokens';
import { LIVE_CHANNEL } from '../src/lib/live/protocol';
import type { SubscriberCommand, SubscriberReply } from './live-subscribers';
import { dropDatabase, fmt, migratedDatabase, monotonicMs, percentile, saveLoops, startServer, summarize } from './lib';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 500);
const SAVES = Number(process.env.BENCH_SAVES ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? 4194);
const SEGMENTS = 200;
const SPACING_MS = 100;
const DB_NAME = `rendition_bench_live${process.env.BENCH_NAME ? `_${process.env.BENCH_NAME.replace(/\W/g, '_')}` : ''}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { url, handle } = await migratedDatabase(DB_NAME);
useDatabase(handle);
const user = await users.createUser(getDb(), { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
const project = await projects.createProject(getDb(), user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
const doc = await documents.createDocument(getDb(), (await projects.findProjectForMember(getDb(), user, { id: project.id }))!, {
	title: 'Live bench',
	format: 'text',
	source: Array.from({ length: SEGMENTS }, (_, i) => paragraph(`源文本第${i + 1}段：省科技厅学习交流“千万工程”经验。`)),
	translation: Array.from({ length: SEGMENTS }, (_, i) => paragraph(`The machine translation of paragraph ${i + 1} about the Ten Million Project.`))
});
const { token } = await tokens.createApiToken(getDb(), user, { label: 'bench' });
useDatabase(undefined);
await handle.close();

const pool = new pg.Pool({ connectionString: url, max: 2 });
pool.on('error', (e) => console.error(`bench pool: ${e.message}`));
const segmentIds: number[] = (await pool.query(`select id from segments where document_id = $1 order by position`, [doc.id])).rows.map((r) => r.id);

// In each app process, SIGUSR2 runs a full GC and writes process.memoryUsage() to BENCH_MEMORY_FILE.
const PROBE = `const fs = process.getBuiltinModule('node:fs');
process.on('SIGUSR2', () => { globalThis.gc(); globalThis.gc(); fs.writeFileSync(process.env.BENCH_MEMORY_FILE, JSON.stringify(process.memoryUsage())); });`;
const probeArgs = ['--expose-gc', `--import=data:text/javascript,${encodeURIComponent(PROBE)}`];
const memoryFile = (i: number) => path.join(os.tmpdir(), `${DB_NAME}-${process.pid}-${i}.json`);

const servers = await Promise.all(
	[0, 1].map((i) =>
		startServer(
			PORT + i,
			{ DATABASE_URL: url, WEB_CONCURRENCY: '1', DATABASE_POOL_SIZE: String(Math.ceil(CLIENTS / 2)), BENCH_MEMORY_FILE: memoryFile(i) },
			probeArgs
		)
	)
);
const saves = servers.map((s) => saver(s.origin));
const subscribers = fork(path.resolve('bench', 'live-subscribers.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

try {
	await checkProcesses();
	console.log(
		`\nLive fan-out benchmark: ${SUBSCRIBERS} streams on one ${SEGMENTS}-segment document over 2 app processes ` +
			`(pids ${servers.map((s) => s.pid).join(' and ')}, children of this one, each with its own listening connection), ` +
			`Postgres at ${new URL(url).host}; ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the start`
	);

	await throughput(); // warms up both processes and their pools
	const without = await throughput();
	report('throughput without streams', without);
	const pacedAlone = await measured(() => paced('Paced'));

	const before = await Promise.all(servers.map((_, i) => memoryOf(i)));
	const opened = await ask(
		{ kind: 'open', origins: servers.map((s) => s.origin), count: SUBSCRIBERS, path: `/api/v1/documents/${doc.id}/events`, token },
		'opened'
	);
	if (opened.failures.length) throw new Error(`${opened.failures.length} streams failed to open: ${opened.failures.slice(0, 3).join('; ')}`);
	console.log(`  ${SUBSCRIBERS} streams open (each had its first presence event) in ${fmt(opened.ms / 1000, 2)} s`);
	await sleep(1_000);
	const after = await Promise.all(servers.map((_, i) => memoryOf(i)));
	for (const i of [0, 1]) {
		const n = i === 0 ? Math.ceil(SUBSCRIBERS / 2) : Math.floor(SUBSCRIBERS / 2);
		const kb = (bytes: number) => fmt(bytes / 1024 / n);
		console.log(
			`  memory per stream, process ${'AB'[i]}: RSS ${kb(after[i].rss - before[i].rss)} KB, heap after GC ${kb(after[i].heapUsed - before[i].heapUsed)} KB ` +
				`(${n} streams; RSS ${fmt(before[i].rss / 2 ** 20)} → ${fmt(after[i].rss / 2 ** 20)} MB, heap ${fmt(before[i].heapUsed / 2 ** 20)} → ${fmt(after[i].heapUsed / 2 ** 20)} MB)`
		);
	}

	const pacedLive = await measured(() => paced('Live'));
	const latency = await deliveries(pacedLive.result);
	// What the servers (both app processes and Postgres) spend per save, at a pace that leaves the CPUs idle most of the time.
	const perSave = (m: typeof pacedAlone) => (m.cpu.app[0] + m.cpu.app[1] + m.cpu.postgres) / SAVES;
	const extra = perSave(pacedLive) - perSave(pacedAlone);
	console.log(
		`  server CPU per paced save: ${fmt(perSave(pacedAlone) * 1000, 2)} ms without streams, ${fmt(perSave(pacedLive) * 1000, 2)} ms with ${SUBSCRIBERS}: ` +
			`${fmt((extra / SUBSCRIBERS) * 1e6, 2)} µs per delivery; the subscriber process spent ${fmt((pacedLive.cpu.subscribers / SAVES / SUBSCRIBERS) * 1e6, 2)} µs reading each\n`
	);

	tell({ kind: 'count' });
	const withStreams = await throughput();
	await sleep(2_000);
	const counted = await ask({ kind: 'counted' }, 'counted');
	report('throughput with streams', withStreams);
	const expected = withStreams.ops;
	const short = counted.streams.reduce((sum, s) => sum + Math.max(0, expected - s.events), 0);
	const stillOpen = counted.streams.filter((s) => s.open).length;
	console.log(`    deliveries during it: ${short} of ${expected * SUBSCRIBERS} missing, ${stillOpen} of ${SUBSCRIBERS} streams still open`);

	await ask({ kind: 'close' }, 'closed');
	await sleep(2_000);
	const withoutAgain = await throughput();
	report('throughput without streams, again', withoutAgain);

	const baseline = (without.perSecond + withoutAgain.perSecond) / 2;
	const change = ((withStreams.perSecond - baseline) / baseline) * 100;
	const missing = latency.missing + short;
	const passed = latency.p99 < 500 && missing === 0;
	console.log(
		`\n  all ${SUBSCRIBERS} streams had the event: p99 ${fmt(latency.p99)} ms, ${missing} deliveries missing (target p99 < 500 ms, none missing): ${passed ? 'PASS' : 'FAIL'}`
	);
	console.log(`  throughput with streams vs without (mean of both runs): ${fmt(change)} % (target: within 15 %): ${Math.abs(change) <= 15 ? 'PASS' : 'FAIL'}`);
	const cpuPerSave = (r: typeof without) => (r.cpu.app[0] + r.cpu.app[1] + r.cpu.postgres) / r.ops;
	const cpuChange = (cpuPerSave(withStreams) / ((cpuPerSave(without) + cpuPerSave(withoutAgain)) / 2) - 1) * 100;
	console.log(
		`  server CPU per save with streams vs without: ${cpuChange >= 0 ? '+' : ''}${fmt(cpuChange)} % (what the throughput loses when the CPUs are the limit)`
	);
	console.log(
		`  (${os.availableParallelism()} CPUs shared by Postgres, both app processes, this bench, its subscriber process and whatever else runs: ` +
			`"anything else" above; the throughput figures move between runs)`
	);
} finally {
	subscribers.kill();
	await Promise.all(servers.map((s) => s.stop()));
	await pool.end();
	for (const i of [0, 1]) rmSync(memoryFile(i), { force: true });
	if (!process.env.BENCH_KEEP) await dropDatabase(DB_NAME);
}

/** Two processes of their own (not this one, not one another), each with its hub's listening connection. */
async function checkProcesses(): Promise<void> {
	const [a, b] = servers.map((s) => s.pid);
	if (a === b || a === process.pid || b === process.pid) throw new Error('the app processes are not separate processes');
	for (const pid of [a, b]) {
		const parent = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		if (Number(parent) !== process.pid) throw new Error(`process ${pid} is not one this bench started`);
	}
	for (let i = 0; ; i++) {
		const { rows } = await pool.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and query = $2`, [DB_NAME, `listen ${LIVE_CHANNEL}`]);
		if (rows[0].n === 2) return;
		if (i === 50) throw new Error(`expected 2 listening connections (one per app process), found ${rows[0].n}`);
		await sleep(100);
	}
}

function tell(command: SubscriberCommand): void {
	subscribers.send(command);
}

function ask<K extends SubscriberReply['kind']>(command: SubscriberCommand, answer: K): Promise<Extract<SubscriberReply, { kind: K }>> {
	return new Promise((resolve) => {
		const listen = (reply: SubscriberReply) => {
			if (reply.kind !== answer) return;
			subscribers.off('message', listen);
			resolve(reply as Extract<SubscriberReply, { kind: K }>);
		};
		subscribers.on('message', listen);
		tell(command);
	});
}

async function memoryOf(i: number): Promise<NodeJS.MemoryUsage> {
	const file = memoryFile(i);
	rmSync(file, { force: true });
	process.kill(servers[i].pid, 'SIGUSR2');
	for (let n = 0; n < 100 && !existsSync(file); n++) await sleep(50);
	const usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
	// RSS as the kernel counts it, in the same moment.
	usage.rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${servers[i].pid}/status`, 'utf8'))![1]) * 1024;
	return usage;
}

/** Keep-alive JSON PUTs with node:http, which costs the bench less CPU than fetch. */
function saver(origin: string) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
	const { hostname, port } = new URL(origin);
	return (segmentId: number, base: number, text: string): Promise<number> =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify({ baseRevisionId: base, text });
			const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
			const req = http.request({ agent, hostname, port, method: 'PUT', path: `/api/v1/segments/${segmentId}`, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const answer = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode === 200) resolve((JSON.parse(answer) as { revisionId: number }).revisionId);
					else reject(new Error(`HTTP ${res.statusCode}: ${answer}`));
				});
			});
			req.on('error', reject);
			req.end(body);
		});
}

async function currentRevisions(): Promise<Map<number, number>> {
	const { rows } = await pool.query(`select id, current_revision_id from segments where document_id = $1`, [doc.id]);
	return new Map(rows.map((r) => [r.id, r.current_revision_id]));
}

/** CPU seconds used so far by each app process, the subscriber process, this database's Postgres backends, this process and the whole machine. */
async function cpuNow() {
	const seconds = (pid: number) => {
		try {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			return (Number(fields[11]) + Number(fields[12])) / 100;
		} catch {
			return 0; // a backend that ended meanwhile
		}
	};
	const { rows } = await pool.query(`select pid from pg_stat_activity where datname = $1`, [DB_NAME]);
	const backends = new Map<number, number>(rows.map((r) => [r.pid, seconds(r.pid)]));
	const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 9).map(Number);
	const own = process.cpuUsage();
	return {
		app: servers.map((s) => seconds(s.pid)),
		subscribers: seconds(subscribers.pid!),
		backends,
		bench: (own.user + own.system) / 1e6,
		machine: (cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4]) / 100,
		at: performance.now()
	};
}

/** Runs `work` and says how busy each process was meanwhile, in CPUs (CPU seconds per second). */
async function measured<T>(work: () => Promise<T>) {
	const before = await cpuNow();
	const result = await work();
	const after = await cpuNow();
	const wall = (after.at - before.at) / 1000;
	let postgres = 0;
	for (const [pid, used] of after.backends) postgres += used - (before.backends.get(pid) ?? used);
	const cpu = {
		app: after.app.map((v, i) => v - before.app[i]),
		subscribers: after.subscribers - before.subscribers,
		postgres,
		bench: after.bench - before.bench,
		machine: after.machine - before.machine
	};
	return { result, wall, cpu };
}

/** CLIENTS closed loops for SECONDS, half on each process, each on segments of its own. */
async function throughput() {
	const bases = await currentRevisions();
	const { result, wall, cpu } = await measured(() =>
		saveLoops(CLIENTS, SECONDS, bases, (c, id, base, n) => saves[c % 2](id, base, `Edited ${n} by client ${c}: paragraph ${id}.`))
	);
	return { ...summarize(result.latencies, SECONDS), errors: result.errors, wall, cpu };
}

function report(label: string, r: Awaited<ReturnType<typeof throughput>>): void {
	const busy = (seconds: number) => fmt(seconds / r.wall, 2);
	const { app, subscribers, bench, postgres, machine } = r.cpu;
	const serverMs = ((app[0] + app[1] + postgres) / r.ops) * 1000;
	console.log(
		`  ${label.padEnd(34)} ${fmt(r.perSecond)} saves/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  errors ${r.errors}  server CPU ${fmt(serverMs, 2)} ms/save`
	);
	console.log(
		`    CPUs busy: app A ${busy(app[0])}, app B ${busy(app[1])}, Postgres ${busy(postgres)}, subscribers ${busy(subscribers)}, bench ${busy(bench)}, ` +
			`anything else ${busy(Math.max(0, machine - app[0] - app[1] - postgres - subscribers - bench))}`
	);
}

/** SAVES saves SPACING_MS apart, alternating between the processes, each on a segment of its own. */
async function paced(label: string) {
	const bases = await currentRevisions();
	const sent: { revisionId: number; t0: number; response: number; via: number }[] = [];
	for (let i = 0; i < SAVES; i++) {
		const id = segmentIds[i % segmentIds.length];
		const t0 = monotonicMs();
		const revisionId = await saves[i % 2](id, bases.get(id)!, `${label} edit ${i}: paragraph ${id}.`);
		sent.push({ revisionId, t0, response: monotonicMs() - t0, via: i % 2 });
		bases.set(id, revisionId);
		await sleep(t0 + SPACING_MS - monotonicMs());
	}
	return sent;
}

/** When each stream had the event of each paced save. */
async function deliveries(sent: Awaited<ReturnType<typeof paced>>) {
	const { streams } = await ask({ kind: 'arrivals', revisionIds: sent.map((s) => s.revisionId), timeoutMs: 10_000 }, 'arrivals');
	const all: number[] = [];
	const sameProcess: number[] = [];
	const otherProcess: number[] = [];
	const lastPerSave: number[] = [];
	let missing = 0;
	sent.forEach((save, k) => {
		let last = 0;
		for (const stream of streams) {
			const at = stream.times[k];
			if (at === null) {
				missing++;
				continue;
			}
			const ms = at - save.t0;
			all.push(ms);
			(stream.origin === save.via ? sameProcess : otherProcess).push(ms);
			last = Math.max(last, ms);
		}
		lastPerSave.push(last);
	});
	const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
	const line = (label: string, xs: number[]) => {
		const s = sorted(xs);
		console.log(`  ${label.padEnd(48)} p50 ${fmt(percentile(s, 50))} ms  p99 ${fmt(percentile(s, 99))} ms  max ${fmt(s[s.length - 1])} ms`);
	};
	console.log(`\n  ${SAVES} saves ${SPACING_MS} ms apart, alternating processes, each event to ${streams.length} streams:`);
	line(
		'save → its HTTP response',
		sent.map((s) => s.response)
	);
	line('save → every stream had it (per save)', lastPerSave);
	line('save → each delivery (all)', all);
	line('  … to streams on the process that saved', sameProcess);
	line('  … to streams on the other process', otherProcess);
	console.log(`  deliveries missing: ${missing} of ${SAVES * streams.length}`);
	const s = sorted(lastPerSave);
	return { p50: percentile(s, 50), p99: percentile(s, 99), missing };
}
