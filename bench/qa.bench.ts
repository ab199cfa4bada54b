/**
 * QA of a 2,000-segment document on the server: documentQa on a seeded database (its reads, the
 * project's 5,000-entry glossary, consistency against another document of the project, ignores)
 * and the pure checks alone on the same segments. Target: under 1 s for the document. Needs a
 * Postgres server (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the local one).
 *   npx tsx bench/qa.bench.ts
 */
import { readFileSync } from 'node:fs';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import * as documents from '../src/lib/server/documents/documents';
import { addEntries } from '../src/lib/server/glossary/glossary';
import { checkDocument, documentQa, qaOfDocument, qaSegmentOf } from '../src/lib/server/qa/qa';
import { projectQaSeverities } from '../src/lib/server/qa/settings';
import { projectGlossary } from '../src/lib/server/glossary/glossary';
import { DEMO_GLOSSARY } from '../src/lib/glossary/demo';
import { parseText } from '../src/lib/import/text';
import type { GlossaryEntry } from '../src/lib/glossary/types';
import { dropDatabase, fmt, percentile, recreateDatabase } from './lib';

const SEGMENTS = 2_000;
const GLOSSARY = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DB_NAME = `rendition_bench_qa${process.env.BENCH_NAME ? `_${process.env.BENCH_NAME.replace(/\W/g, '_')}` : ''}`;

// The demo article's paragraphs, repeated: real news text with the mistakes QA is for.
const fixture = (lang: string) => readFileSync(new URL(`../src/lib/import/fixtures/heilongjiang-daily-2023-07-02.${lang}.txt`, import.meta.url), 'utf8');
const sources = parseText(fixture('zh'));
const targets = parseText(fixture('en-mt'));
const pick = <T>(list: T[], i: number) => list[i % list.length];

// Synthetic terms beside the demo's: a termbase of the size a newsroom keeps.
const glossary: GlossaryEntry[] = [
	...DEMO_GLOSSARY,
	...Array.from({ length: GLOSSARY - DEMO_GLOSSARY.length }, (_, i): GlossaryEntry => ({
		source: `术语${i}号`,
		target: `term ${i}`,
		status: i % 10 === 0 ? 'forbidden' : 'preferred',
		caseSensitive: false
	}))
];

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
useDatabase(handle);
const db = handle.db;
try {
	await migrateToLatest(db, await loadMigrations());
	const user = await users.createUser(db, { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
	const created = await projects.createProject(db, user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
	const project = (await projects.findProjectForMember(db, user, { id: created.id }))!;
	await addEntries(db, project, glossary);
	const make = (title: string, n: number) =>
		documents.createDocument(db, project, {
			title,
			format: 'text',
			source: Array.from({ length: n }, (_, i) => pick(sources, i)),
			translation: Array.from({ length: n }, (_, i) => pick(targets, i))
		});
	await make('Earlier article', sources.length);
	const { id } = await make('Two thousand paragraphs', SEGMENTS);
	const doc = (await documents.findDocumentForMember(db, user, id))!;

	const timings: number[] = [];
	let issues = 0;
	// Computed every time (qaOfDocument keeps nothing): what a page pays after any change.
	for (let run = 0; run < RUNS; run++) {
		const start = performance.now();
		const qa = await qaOfDocument(db, id);
		timings.push(performance.now() - start);
		issues = qa.issues.length;
	}
	const first = timings[0];
	timings.sort((a, b) => a - b);
	// What a page pays while the document is unchanged: the fingerprint read, then the kept result.
	await documentQa(db, doc);
	const cached: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const start = performance.now();
		await documentQa(db, doc);
		cached.push(performance.now() - start);
	}
	cached.sort((a, b) => a - b);

	// The pure part alone: the same segments, glossary and levels, already read.
	const segments = await documents.listSegments(db, id);
	const rows = segments.map((s) => ({
		id: s.id,
		position: s.position,
		segment: qaSegmentOf({ source: s.source, text: s.text, content: s.content, mtText: s.mtText })
	}));
	const entries = await projectGlossary(db, project.id);
	const severities = await projectQaSeverities(db, project.id);
	const context = { sourceLang: 'zh-Hans', targetLang: 'en', glossary: entries };
	const pure: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const start = performance.now();
		checkDocument(rows, context, severities);
		pure.push(performance.now() - start);
	}
	pure.sort((a, b) => a - b);

	console.log(
		`QA of a ${SEGMENTS.toLocaleString('en')}-segment document, ${GLOSSARY.toLocaleString('en')}-entry glossary, ${RUNS} runs (${issues.toLocaleString('en')} issues):`
	);
	console.log(
		`  document QA computed (server, seeded database): median ${fmt(percentile(timings, 50))} ms, worst ${fmt(timings.at(-1)!)} ms (the first, compiling the glossary, ${fmt(first)} ms); target < 1,000 ms`
	);
	console.log(`  document QA unchanged since (cached):           median ${fmt(percentile(cached, 50))} ms, worst ${fmt(cached.at(-1)!)} ms`);
	console.log(`  pure checks alone:                               median ${fmt(percentile(pure, 50))} ms, worst ${fmt(pure.at(-1)!)} ms`);
	console.log(`  per segment (pure):                              ${fmt((percentile(pure, 50) / SEGMENTS) * 1000, 0)} µs`);
} finally {
	useDatabase(undefined);
	await handle.close();
	await dropDatabase(DB_NAME);
}
