/**
 * Translation memory on the real Postgres: fuzzy lookup latency for one active segment at 10 k,
 * 100 k and 1 M units (target p95 < 50 ms at 1 M, growing sub-linearly), its recall against
 * scoring every unit, and concordance latency. Chinese sources built by word frequency from the
 * dictionary @node-rs/jieba ships (bench/tm-corpus.ts). Needs a Postgres server
 * (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the local one).
 *   npx tsx bench/tm.bench.ts            BENCH_TM_SIZES=10000,100000 for a shorter run
 */
import { openDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import { sql } from 'kysely';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import { insertUnitRows, KeyTally, SOURCE_SIDE, TARGET_SIDE, unitRow, type UnitRow } from '../src/lib/server/tm/units';
import { lookupUnits } from '../src/lib/server/tm/lookup';
import { concordance } from '../src/lib/server/tm/concordance';
import { blockFromPlainText } from '../src/lib/import/model';
import { Interner, prepare, score, type Prepared } from '../src/lib/tm/score';
import { Corpus } from './tm-corpus';
import { dropDatabase, ensureDatabase, fmt, percentile, recreateDatabase } from './lib';

const SIZES = (process.env.BENCH_TM_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_TM_QUERIES ?? 200);
const RECALL_QUERIES = 40;
const MIN_SCORE = 50;
const DB_NAME = 'rendition_bench_tm';

const corpus = new Corpus(13);
const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });

// BENCH_KEEP=1 keeps the database between runs: the seeded corpus is built again but only the units
// not yet stored are loaded, and migrations added since run on the kept units. The corpus is the
// stored one only with the same BENCH_TM_SIZES (queries are drawn from the same seed between
// stages), or recall compares against sentences the database does not hold.
const keep = Boolean(process.env.BENCH_KEEP);
const url = keep ? await ensureDatabase(DB_NAME) : await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
const db = handle.db;
const sources: string[] = [];
const interner = new Interner();
const scoredSources: Prepared[] = [];
const targets: string[] = [];
try {
	await migrateToLatest(db, await loadMigrations());
	const existing = await sql<{ projectId: number; units: number }>`
		select p.id as project_id, (select count(*)::int from tm_units) as units from projects p order by p.id limit 1`.execute(db);
	let projectId = existing.rows[0]?.projectId;
	const stored = existing.rows[0]?.units ?? 0;
	if (projectId === undefined) {
		const user = await users.createUser(db, { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
		projectId = (await projects.createProject(db, user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' })).id;
	}
	const projectIds = [projectId];

	for (const size of SIZES) {
		const started = performance.now();
		// A bulk load as an import of a large TMX would do it: GIN indexes built once at the end
		// rather than kept up row by row, keys counted once a stage rather than after each batch.
		const { rows: ginIndexes } = await sql<{ indexdef: string; indexname: string }>`
			select indexname, indexdef from pg_indexes where tablename = 'tm_units' and indexdef like '% USING gin %'`.execute(db);
		const loading = Math.max(sources.length, stored) < size;
		if (loading) for (const index of ginIndexes) await sql`drop index ${sql.id(index.indexname)}`.execute(db);
		const sourceKeys = new KeyTally();
		const targetKeys = new KeyTally();
		while (sources.length < size) {
			const rows: UnitRow[] = [];
			for (let i = 0; i < 5_000 && sources.length < size; i++) {
				// One unit in twenty a heading or term, the rest sentences; some repeat with small changes, as news does.
				const r = corpus.random();
				const text =
					r < 0.05
						? corpus.short()
						: r < 0.15 && sources.length > 0
							? corpus.edit(sources[Math.floor(corpus.random() * sources.length)], 2)
							: corpus.sentence();
				sources.push(text);
				const target = targets[targets.push(corpus.english()) - 1];
				if (sources.length <= stored) continue;
				rows.push(
					unitRow({
						projectId,
						sourceLang: 'zh-Hans',
						targetLang: 'en',
						source: paragraph(text),
						target: paragraph(target),
						prevSource: null,
						nextSource: null,
						origin: 'import',
						authorName: 'bench'
					})
				);
			}
			if (rows.length === 0) continue;
			await insertUnitRows(db, rows);
			for (const row of rows) {
				sourceKeys.add(row.sourceKeys);
				targetKeys.add(row.targetKeys);
			}
		}
		await sourceKeys.save(db, SOURCE_SIDE);
		await targetKeys.save(db, TARGET_SIDE);
		if (loading) for (const index of ginIndexes) await sql.raw(index.indexdef).execute(db);
		await sql`vacuum analyze tm_units`.execute(db);
		await sql`vacuum analyze tm_key_counts`.execute(db);
		const loadSeconds = (performance.now() - started) / 1000;

		// The queries: a repeated sentence with 1–4 word changes, a new sentence, a 2–6 character heading or term.
		const queries: { kind: 'repeat' | 'new' | 'short'; text: string }[] = [];
		for (let i = 0; i < QUERIES; i++) {
			const r = i % 4;
			// An edit can leave nothing of a short unit, and an empty segment is never looked up.
			if (r < 2)
				queries.push({
					kind: 'repeat',
					text: corpus.edit(sources[Math.floor(corpus.random() * sources.length)], 1 + Math.floor(corpus.random() * 4)) || corpus.sentence()
				});
			else if (r === 2) queries.push({ kind: 'new', text: corpus.sentence() });
			else queries.push({ kind: 'short', text: corpus.short().slice(0, 2 + Math.floor(corpus.random() * 5)) });
		}
		const times: Record<string, number[]> = { all: [], long: [], repeat: [], new: [], short: [] };
		const results: { best: number | null; found: number }[] = [];
		let candidates = 0;
		for (const q of queries) {
			const t = performance.now();
			const { matches, stats } = await lookupUnits(db, { projectIds, source: q.text, prevSource: null, nextSource: null, minScore: MIN_SCORE, limit: 10 });
			const ms = performance.now() - t;
			times.all.push(ms);
			times[q.kind].push(ms);
			if (q.kind !== 'short') times.long.push(ms);
			candidates += stats.candidates;
			results.push({ best: matches[0]?.score ?? null, found: matches.length });
		}
		const line = (name: string) => {
			const sorted = [...times[name]].sort((a, b) => a - b);
			return `${name} p50 ${fmt(percentile(sorted, 50))} ms, p95 ${fmt(percentile(sorted, 95))} ms`;
		};
		console.log(
			`TM ${size.toLocaleString('en')} units (loaded in ${fmt(loadSeconds, 0)} s): fuzzy lookup ${line('all')}; ${line('long')} (${line('repeat')}; ${line('new')}); ${line('short')}; ${fmt(candidates / QUERIES, 0)} candidates scored a lookup`
		);

		// Recall: the best match a lookup shows against the best of scoring every unit. The units'
		// tokens are numbered once for all queries (only what the score reads is kept), so this
		// stays a matter of seconds at a million.
		while (scoredSources.length < sources.length) {
			const { exact, ids } = prepare(sources[scoredSources.length], interner);
			scoredSources.push({ exact, norm: '', tokens: [], ids });
		}
		let sameBest = 0;
		let withMatch = 0;
		for (let i = 0; i < Math.min(RECALL_QUERIES, queries.length); i++) {
			const q = queries[i];
			const pq = prepare(q.text, interner);
			let best: number | null = null;
			for (const unit of scoredSources) {
				const v = score(pq, unit, { minScore: best ?? MIN_SCORE });
				if (v !== null && (best === null || v > best)) best = v;
			}
			if (best !== null) withMatch++;
			if (best !== null && results[i].best !== null && results[i].best! >= best) sameBest++;
			else if (best !== null && process.env.BENCH_VERBOSE) console.log(`  missed: best ${best}, shown ${results[i].best}: ${q.text}`);
		}
		console.log(`TM ${size.toLocaleString('en')} units: recall of the best match ${sameBest} of ${withMatch} queries that have one (every unit scored)`);

		// Concordance: a 2–4 character Chinese phrase or two neighbouring English words from a random unit.
		const phrases = Array.from({ length: 100 }, (_, i) => {
			const s = sources[Math.floor(corpus.random() * sources.length)];
			if (i % 2 === 0) {
				const at = Math.floor(corpus.random() * Math.max(1, s.length - 4));
				return s.slice(at, at + 2 + Math.floor(corpus.random() * 3)).replace(/[，。]/g, '') || s.slice(0, 2);
			}
			const words = targets[Math.floor(corpus.random() * targets.length)].replace('.', '').split(' ');
			const at = Math.floor(corpus.random() * (words.length - 1));
			return words.slice(at, at + 2).join(' ');
		});
		const concordanceTimes: number[] = [];
		let hits = 0;
		for (const phrase of phrases) {
			const t = performance.now();
			hits += (await concordance(db, projectIds, phrase)).hits.length;
			concordanceTimes.push(performance.now() - t);
		}
		concordanceTimes.sort((a, b) => a - b);
		console.log(
			`TM ${size.toLocaleString('en')} units: concordance p50 ${fmt(percentile(concordanceTimes, 50))} ms, p95 ${fmt(percentile(concordanceTimes, 95))} ms (${fmt(hits / phrases.length, 0)} hits a phrase, 50 at most)`
		);
	}
} finally {
	await handle.close();
	// Kept, it is there for a closer look too (EXPLAIN, other settings).
	if (!keep) await dropDatabase(DB_NAME);
}
