/**
 * TMX import throughput on the real Postgres: a generated file of 100 k units (Chinese sources
 * from bench/tm-corpus.ts, English targets, some with bold), imported through the same verb as
 * the API (read, staged in batches, published in one transaction), into an empty memory and
 * again into one that holds them all (every unit skipped). Also how long the end of the import
 * takes (last batch and the final transaction), the longest other requests wait on the embedded database. Needs a
 * Postgres server (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the local one).
 *   npx tsx bench/tmx.bench.ts            BENCH_TMX_UNITS=20000 for a shorter run
 */
import { sql } from 'kysely';
import { openDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import { importTmx } from '../src/lib/server/tm/tmx-import';
import { Corpus } from './tm-corpus';
import { dropDatabase, fmt, recreateDatabase } from './lib';

const UNITS = Number(process.env.BENCH_TMX_UNITS ?? 100_000);
const DB_NAME = 'rendition_bench_tmx';
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The file, in chunks of about 64 KB as a request body arrives. */
function generatedTmx(): Buffer[] {
	const corpus = new Corpus(29);
	const parts: string[] = [
		'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="zh-CN" datatype="html"/><body>\n'
	];
	for (let i = 0; i < UNITS; i++) {
		const source = escape(`${corpus.sentence()}${i}`);
		const english = escape(corpus.english());
		const target = i % 10 === 0 ? `<bpt i="1" type="bold">&lt;b&gt;</bpt>${english}<ept i="1">&lt;/b&gt;</ept>` : english;
		parts.push(
			`<tu creationdate="20240301T090000Z" creationid="bench"><tuv xml:lang="zh-CN"><seg>${source}</seg></tuv><tuv xml:lang="en-US"><seg>${target}</seg></tuv></tu>\n`
		);
	}
	parts.push('</body></tmx>\n');
	const whole = Buffer.from(parts.join(''));
	const chunks: Buffer[] = [];
	for (let at = 0; at < whole.length; at += 65_536) chunks.push(whole.subarray(at, at + 65_536));
	return chunks;
}

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
const db = handle.db;
try {
	await migrateToLatest(db, await loadMigrations());
	const user = await users.createUser(db, { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
	const created = await projects.createProject(db, user, { name: 'TMX bench', sourceLang: 'zh-Hans', targetLang: 'en' });
	const project = (await projects.findProjectForMember(db, user, { id: created.id }))!;
	const chunks = generatedTmx();
	const bytes = chunks.reduce((n, c) => n + c.length, 0);
	console.log(`TMX import: ${UNITS.toLocaleString('en')} units, ${fmt(bytes / 1e6)} MB`);

	for (const run of ['into an empty memory', 'again (every unit already there)']) {
		// What autovacuum does within a minute of a bulk insert: without statistics the duplicate
		// checks of the second run would be planned for an empty table.
		if (run.startsWith('again')) await sql`analyze tm_units`.execute(db);
		let lastChunkAt = 0;
		const started = performance.now();
		const result = await importTmx(db, project, chunks, { onProgress: () => void (lastChunkAt = performance.now()) });
		const ended = performance.now();
		const seconds = (ended - started) / 1000;
		// After the last chunk: the last staged batch and the final transaction, the one moment other requests could wait.
		const publishMs = ended - lastChunkAt;
		console.log(
			`  ${run}: ${fmt(seconds, 2)} s, ${fmt(UNITS / seconds, 0)} units/s, ${fmt(bytes / 1e6 / seconds)} MB/s; imported ${result.imported.toLocaleString('en')}, skipped ${result.skipped.toLocaleString('en')}; last batch and final transaction ${fmt(publishMs, 0)} ms`
		);
	}
} finally {
	await handle.close();
	await dropDatabase(DB_NAME);
}
