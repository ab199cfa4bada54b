/**
 * Save throughput through the HTTP API (PUT /api/v1/segments/{id}) with 32 concurrent clients,
 * beside the raw database ceiling for the same lock + compare + insert + update done with `pg`
 * in the same run; then the same HTTP benchmark after the database grows from 1,000 to 500,000
 * segments. Needs a Postgres server (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the local
 * one) and a build (`npm run build`). BENCH_SECONDS, BENCH_CLIENTS and BENCH_SEGMENTS (1000 skips
 * the growth), BENCH_PORT and BENCH_NAME (a suffix for the bench database) change the run.
 *   npx tsx bench/save.bench.ts
 */
import http from 'node:http';
import pg from 'pg';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import * as tokens from '../src/lib/server/auth/tokens';
import { defaultWorkers } from '../scripts/cluster.js';
import { dropDatabase, fmt, recreateDatabase, saveLoops, startServer, summarize } from './lib';
import { getDb } from '../src/lib/server/db/db';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Several runs on one machine (one per worktree) each take their own database and port.
const DB_NAME = `rendition_bench_save${process.env.BENCH_NAME ? `_${process.env.BENCH_NAME.replace(/\W/g, '_')}` : ''}`;
const PORT = Number(process.env.BENCH_PORT ?? 4199);

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
useDatabase(handle);
await migrateToLatest(handle.db, await loadMigrations());
const user = await users.createUser(getDb(), { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
const project = await projects.createProject(getDb(), user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
const { token } = await tokens.createApiToken(getDb(), user, { label: 'bench' });
useDatabase(undefined);
await handle.close();

const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
pool.on('error', (e) => console.error(`bench pool: ${e.message}`));

/** A document of `n` MT segments, made in SQL so that 500,000 rows take seconds, not minutes. */
async function addDocument(n: number): Promise<number[]> {
	const client = await pool.connect();
	try {
		await client.query('begin');
		const doc = await client.query(
			`insert into documents (project_id, title, format, segment_count, created_by) values ($1, $2, 'text', $3, $4) returning id`,
			[project.id, `Bench ${n}`, n, user.id]
		);
		const docId = doc.rows[0].id;
		await client.query(
			`insert into segments (document_id, position, source, source_text, state)
			 select $1, g, jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', '源文本第' || g || '段。'))),
			        '源文本第' || g || '段。', 'mt'
			 from generate_series(1, $2) g`,
			[docId, n]
		);
		await client.query(
			`insert into revisions (segment_id, author_id, origin, content, text, diff)
			 select s.id, $2, 'mt', jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'The machine translation of paragraph ' || s.position || ' about the Ten Thousand Project.'))),
			        'The machine translation of paragraph ' || s.position || ' about the Ten Thousand Project.', '{"kind":"diff","parts":[]}'
			 from segments s where s.document_id = $1`,
			[docId, user.id]
		);
		await client.query(
			`update segments s set current_revision_id = r.id, mt_revision_id = r.id from revisions r where r.segment_id = s.id and s.document_id = $1`,
			[docId]
		);
		await client.query('commit');
		const ids = await client.query(`select id, current_revision_id from segments where document_id = $1 order by position`, [docId]);
		return ids.rows.map((r) => r.id);
	} finally {
		client.release();
	}
}

/** Runs `clients` loops for SECONDS; each owns its own segments so every save is a real one. */
async function run(segmentIds: number[], save: (segmentId: number, base: number, n: number) => Promise<number>) {
	const bases = new Map<number, number>();
	const res = await pool.query(`select id, current_revision_id from segments where id = any($1)`, [segmentIds]);
	for (const r of res.rows) bases.set(r.id, r.current_revision_id);
	const { latencies, errors } = await saveLoops(CLIENTS, SECONDS, bases, (_, id, base, n) => save(id, base, n));
	return { ...summarize(latencies, SECONDS), errors };
}

const text = (n: number, id: number) => `Edited ${n}: the Ten Million Project, paragraph ${id}.`;

async function rawSave(segmentId: number, base: number, n: number): Promise<number> {
	const client = await pool.connect();
	try {
		await client.query('begin');
		const seg = await client.query(`select current_revision_id from segments where id = $1 for update`, [segmentId]);
		if (seg.rows[0].current_revision_id !== base) throw new Error('conflict');
		const t = text(n, segmentId);
		const rev = await client.query(
			`insert into revisions (segment_id, parent_id, author_id, origin, content, text, diff) values ($1, $2, $3, 'human', $4, $5, $6) returning id`,
			[segmentId, base, user.id, JSON.stringify({ type: 'paragraph', content: [{ type: 'text', text: t }] }), t, '{"kind":"diff","parts":[]}']
		);
		await client.query(`update segments set current_revision_id = $1, state = 'edited', updated_at = now() where id = $2`, [rev.rows[0].id, segmentId]);
		await client.query('commit');
		return rev.rows[0].id;
	} catch (e) {
		await client.query('rollback');
		throw e;
	} finally {
		client.release();
	}
}

/**
 * node:http with keep-alive sockets, one per client: fetch costs the bench process about twice
 * the CPU per request, and on a small machine that CPU is taken from the server being measured.
 */
function httpSave(origin: string) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
	const { hostname, port } = new URL(origin);
	return (segmentId: number, base: number, n: number): Promise<number> =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify({ baseRevisionId: base, text: text(n, segmentId), secondsSpent: 5 });
			const req = http.request(
				{
					agent,
					hostname,
					port,
					method: 'PUT',
					path: `/api/v1/segments/${segmentId}`,
					headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
				},
				(res) => {
					let data = '';
					res.setEncoding('utf8');
					res.on('data', (chunk) => (data += chunk));
					res.on('end', () => {
						if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${data}`));
						else resolve((JSON.parse(data) as { revisionId: number }).revisionId);
					});
				}
			);
			req.on('error', reject);
			req.end(body);
		});
}

/** Lets Postgres finish background work (autovacuum after bulk inserts, a checkpoint) so both runs start alike. */
async function settle(): Promise<void> {
	await pool.query('vacuum analyze');
	await pool.query('checkpoint');
}

const small = await addDocument(1_000);
// Each app process gets its share of the clients' connections.
const processes = Number(process.env.WEB_CONCURRENCY) || defaultWorkers();
const server = await startServer(PORT, { DATABASE_URL: url, DATABASE_POOL_SIZE: String(Math.ceil(CLIENTS / processes)) });
try {
	// Warm up the server's code paths and the connection pool.
	await run(small.slice(0, CLIENTS), httpSave(server.origin)).catch(() => undefined);
	await settle();
	const raw = await run(small, rawSave);
	await settle();
	const http = await run(small, httpSave(server.origin));

	console.log(`\nSave benchmark: ${CLIENTS} concurrent clients, ${SECONDS} s each, ${processes} app process(es), Postgres at ${new URL(url).host}`);
	console.log(`  raw pg (lock, compare, insert, update)  ${fmt(raw.perSecond)} saves/s  p50 ${fmt(raw.p50)} ms  p99 ${fmt(raw.p99)} ms  errors ${raw.errors}`);
	console.log(
		`  HTTP PUT /api/v1/segments/{id}          ${fmt(http.perSecond)} saves/s  p50 ${fmt(http.p50)} ms  p99 ${fmt(http.p99)} ms  errors ${http.errors}`
	);
	console.log(`  HTTP / raw ceiling: ${fmt((http.perSecond / raw.perSecond) * 100)} %  (target ≥ 40 %; p99 target < 50 ms)`);

	const target = Number(process.env.BENCH_SEGMENTS ?? 500_000);
	if (target > 1_000) await growAndMeasure(target, http.perSecond);
} finally {
	await server.stop();
	await pool.end();
	if (!process.env.BENCH_KEEP) await dropDatabase(DB_NAME);
}

async function growAndMeasure(target: number, smallPerSecond: number): Promise<void> {
	const started = performance.now();
	for (let total = 1_000; total < target; total += 5_000) await addDocument(Math.min(5_000, target - total));
	const count = (await pool.query(`select count(*)::int as n from segments`)).rows[0].n;
	console.log(`\n  grew the database to ${count.toLocaleString('en')} segments in ${fmt((performance.now() - started) / 1000)} s`);
	await settle();
	const bigRaw = await run(small, rawSave);
	await settle();
	const big = await run(small, httpSave(server.origin));
	console.log(`  raw pg with ${count.toLocaleString('en')} segments  ${fmt(bigRaw.perSecond)} saves/s  p50 ${fmt(bigRaw.p50)} ms  p99 ${fmt(bigRaw.p99)} ms`);
	console.log(
		`  HTTP save with ${count.toLocaleString('en')} segments  ${fmt(big.perSecond)} saves/s  p50 ${fmt(big.p50)} ms  p99 ${fmt(big.p99)} ms  errors ${big.errors}`
	);
	const change = ((big.perSecond - smallPerSecond) / smallPerSecond) * 100;
	console.log(`  throughput change 1,000 → ${count.toLocaleString('en')} segments: ${fmt(change)} %  (target: within 20 %)`);
}
