/**
 * Public page throughput: 50 concurrent connections reading a published document's page
 * (GET /p/{id}) from the built app, beside a bare node:http server returning the same bytes in
 * the same run. Needs a Postgres server (BENCH_DATABASE_URL or TEST_DATABASE_URL, default the
 * local one) and a build (`npm run build`). BENCH_SECONDS changes the run.
 *   npx tsx bench/public.bench.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import { loadDemoArticle } from '../scripts/demo-article';
import { parseText } from '../src/lib/import/text';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import * as documents from '../src/lib/server/documents/documents';
import * as review from '../src/lib/server/review/review';
import * as publications from '../src/lib/server/publishing/publications';
import { dropDatabase, fmt, recreateDatabase, startServer, summarize } from './lib';
import { getDb } from '../src/lib/server/db/db';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const DB_NAME = 'rendition_bench_public';

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
useDatabase(handle);
await migrateToLatest(handle.db, await loadMigrations());
const owner = await users.createUser(getDb(), { email: 'owner@bench.test', name: 'Owner', password: 'bench-password' });
const translator = await users.createUser(getDb(), { email: 'translator@bench.test', name: 'Translator', password: 'bench-password' });
const reviewer = await users.createUser(getDb(), { email: 'reviewer@bench.test', name: 'Reviewer', password: 'bench-password' });
const project = await projects.createProject(getDb(), owner, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: translator.email, role: 'translator' });
await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: reviewer.email, role: 'reviewer' });
// The demo article: a real news page's length (a few thousand words of HTML).
const article = await loadDemoArticle();
const title = 'Provincial science bodies study the “Pujiang Experience” and the “Ten Million Project”';
// The MT's full-width 丨 is a QA error that the publish gate would refuse; the bench publishes the rest as it is.
const translation = parseText(article.translation.replaceAll('丨', '|'));
const source = parseText(article.source).slice(0, translation.length);
const doc = await documents.createDocument(handle.db, (await projects.findProjectForMember(handle.db, translator, { id: project.id }))!, {
	title,
	format: 'text',
	source,
	translation: translation.slice(0, source.length)
});
const as = async (user: typeof owner) => (await documents.findDocumentForMember(handle.db, user, doc.id))!;
await review.submitDocument(handle.db, await as(translator), { includeUnconfirmed: true });
await review.approveAllRemaining(handle.db, await as(reviewer));
await publications.publishDocument(handle.db, await as(owner));
useDatabase(undefined);
await handle.close();

/** Closed-loop GETs on `connections` keep-alive sockets for SECONDS; latencies in ms. */
async function load(origin: string, path: string) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
	const { hostname, port } = new URL(origin);
	const get = () =>
		new Promise<number>((resolve, reject) => {
			const req = http.get({ agent, hostname, port, path }, (res) => {
				res.resume();
				res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`HTTP ${res.statusCode}`))));
			});
			req.on('error', reject);
		});
	const latencies: number[] = [];
	let errors = 0;
	const deadline = performance.now() + SECONDS * 1000;
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (performance.now() < deadline) {
				const start = performance.now();
				try {
					await get();
					latencies.push(performance.now() - start);
				} catch {
					errors++;
				}
			}
		})
	);
	agent.destroy();
	return { ...summarize(latencies, SECONDS), errors };
}

const server = await startServer(4197, { DATABASE_URL: url });
let bare: http.Server | undefined;
try {
	const page = await fetch(`${server.origin}/p/${doc.id}`);
	if (page.status !== 200) throw new Error(`the public page answered ${page.status}`);
	const body = Buffer.from(await page.arrayBuffer());
	const headers = Object.fromEntries(
		[...page.headers].filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(k))
	);
	bare = http.createServer((_, res) => {
		res.writeHead(200, { ...headers, 'content-length': body.length });
		res.end(body);
	});
	await new Promise<void>((resolve) => bare!.listen(0, '127.0.0.1', resolve));
	const bareOrigin = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

	await load(server.origin, `/p/${doc.id}`); // warm-up
	const ceiling = await load(bareOrigin, '/');
	const app = await load(server.origin, `/p/${doc.id}`);

	console.log(`\nPublic page benchmark: ${CONNECTIONS} connections, ${SECONDS} s each, a ${fmt(body.length / 1024)} KiB page (${source.length} segments)`);
	console.log(
		`  bare node:http, same bytes     ${fmt(ceiling.perSecond)} req/s  p50 ${fmt(ceiling.p50)} ms  p99 ${fmt(ceiling.p99)} ms  errors ${ceiling.errors}`
	);
	console.log(`  GET /p/{id} (the app)          ${fmt(app.perSecond)} req/s  p50 ${fmt(app.p50)} ms  p99 ${fmt(app.p99)} ms  errors ${app.errors}`);
	console.log(`  app / bare ceiling: ${fmt((app.perSecond / ceiling.perSecond) * 100)} %  (target ≥ 25 %)`);
} finally {
	bare?.close();
	await server.stop();
	if (!process.env.BENCH_KEEP) await dropDatabase(DB_NAME);
}
