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
import { Interner, prepare, score } from '../src/lib/tm/score';
import { Corpus } from './tm-corpus';
import { dropDatabase, fmt, percentile, recreateDatabase } from './lib';

const SIZES = (process.env.BENCH_TM_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_TM_QUERIES ?? 200);
const RECALL_QUERIES = 40;
const MIN_SCORE = 50;
const DB_NAME = 'rendition_bench_tm';

const corpus = new Corpus(13);
const paragraph = (text: string) => blockFromPlainText(text, { type: 'paragraph' });

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
const db = handle.db;
const sources: string[] = [];
const targets: string[] = [];
try {
	await migrateToLatest(db, await loadMigrations());
	const user = await users.createUser(db, { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
	const project = await projects.createProject(db, user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
	const projectIds = [project.id];

	for (const size of SIZES) {
		const started = performance.now();
		// Counted once a stage, as an import does, rather than after each batch.
		const sourceKeys = new KeyTally();
		const targetKeys = new KeyTally();
		while (sources.length < size) {
			const rows: UnitRow[] = [];
			for (let i = 0; i < 2_000 && sources.length < size; i++) {
				// One unit in twenty a heading or term, the rest sentences; some repeat with small changes, as news does.
				const r = corpus.random();
				const text =
					r < 0.05
						? corpus.short()
						: r < 0.15 && sources.length > 0
							? corpus.edit(sources[Math.floor(corpus.random() * sources.length)], 2)
							: corpus.sentence();
				sources.push(text);
				rows.push(
					unitRow({
						projectId: project.id,
						sourceLang: 'zh-Hans',
						targetLang: 'en',
						source: paragraph(text),
						target: paragraph(targets[targets.push(corpus.english()) - 1]),
						prevSource: null,
						nextSource: null,
						origin: 'import',
						authorName: 'bench'
					})
				);
			}
			await insertUnitRows(db, rows);
			for (const row of rows) {
				sourceKeys.add(row.sourceKeys);
				targetKeys.add(row.targetKeys);
			}
		}
		await sourceKeys.save(db, SOURCE_SIDE);
		await targetKeys.save(db, TARGET_SIDE);
		await sql`vacuum analyze tm_units`.execute(db);
		await sql`vacuum analyze tm_key_counts`.execute(db);
		const loadSeconds = (performance.now() - started) / 1000;

		// The queries: a repeated sentence with 1–4 word changes, a new sentence, a 2–6 character heading or term.
		const queries: { kind: 'repeat' | 'new' | 'short'; text: string }[] = [];
		for (let i = 0; i < QUERIES; i++) {
			const r = i % 4;
			if (r < 2)
				queries.push({ kind: 'repeat', text: corpus.edit(sources[Math.floor(corpus.random() * sources.length)], 1 + Math.floor(corpus.random() * 4)) });
			else if (r === 2) queries.push({ kind: 'new', text: corpus.sentence() });
			else queries.push({ kind: 'short', text: corpus.short().slice(0, 2 + Math.floor(corpus.random() * 5)) });
		}
		const times: Record<string, number[]> = { all: [], repeat: [], new: [], short: [] };
		const results: { best: number | null; found: number }[] = [];
		let candidates = 0;
		for (const q of queries) {
			const t = performance.now();
			const { matches, stats } = await lookupUnits(db, { projectIds, source: q.text, prevSource: null, nextSource: null, minScore: MIN_SCORE, limit: 10 });
			const ms = performance.now() - t;
			times.all.push(ms);
			times[q.kind].push(ms);
			candidates += stats.candidates;
			results.push({ best: matches[0]?.score ?? null, found: matches.length });
		}
		const line = (name: string) => {
			const sorted = [...times[name]].sort((a, b) => a - b);
			return `${name} p50 ${fmt(percentile(sorted, 50))} ms, p95 ${fmt(percentile(sorted, 95))} ms`;
		};
		console.log(
			`TM ${size.toLocaleString('en')} units (loaded in ${fmt(loadSeconds, 0)} s): fuzzy lookup ${line('all')}; ${line('repeat')}; ${line('new')}; ${line('short')}; ${fmt(candidates / QUERIES, 0)} candidates scored a lookup`
		);

		// Recall: the best match a lookup shows against the best of scoring every unit.
		if (size <= 100_000) {
			let sameBest = 0;
			let withMatch = 0;
			for (let i = 0; i < Math.min(RECALL_QUERIES, queries.length); i++) {
				const q = queries[i];
				const interner = new Interner();
				const pq = prepare(q.text, interner);
				let best: number | null = null;
				for (const s of sources) {
					const v = score(pq, prepare(s, interner), { minScore: best ?? MIN_SCORE });
					if (v !== null && (best === null || v > best)) best = v;
				}
				if (best !== null) withMatch++;
				if (best !== null && results[i].best !== null && results[i].best! >= best) sameBest++;
				else if (best !== null && process.env.BENCH_VERBOSE) console.log(`  missed: best ${best}, shown ${results[i].best}: ${q.text}`);
			}
			console.log(`TM ${size.toLocaleString('en')} units: recall of the best match ${sameBest} of ${withMatch} queries that have one (every unit scored)`);
		}

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
			hits += (await concordance(db, projectIds, phrase)).length;
			concordanceTimes.push(performance.now() - t);
		}
		concordanceTimes.sort((a, b) => a - b);
		console.log(
			`TM ${size.toLocaleString('en')} units: concordance p50 ${fmt(percentile(concordanceTimes, 50))} ms, p95 ${fmt(percentile(concordanceTimes, 95))} ms (${fmt(hits / phrases.length, 0)} hits a phrase, 50 at most)`
		);
	}
} finally {
	await handle.close();
	// BENCH_KEEP=1 leaves the database for a closer look (EXPLAIN, other settings).
	if (!process.env.BENCH_KEEP) await dropDatabase(DB_NAME);
}
