/**
 * A 2,000-segment document (about 60,000 words) in a project with a 5,000-entry glossary: server
 * time for the workspace page's data, time until the page is interactive in Chromium (navigation
 * start → an editor open in segment 1), and, typing in segment 1,000, keydown → paint latency, the
 * live QA's time per keystroke and long tasks. Needs a Postgres server and a build.   npx tsx bench/workspace.bench.ts
 */
import { chromium } from '@playwright/test';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from '../scripts/fs-migrations';
import * as users from '../src/lib/server/accounts/users';
import * as projects from '../src/lib/server/projects/projects';
import * as documents from '../src/lib/server/documents/documents';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/sessions';
import type { Block } from '../src/lib/import/model';
import { systemChromium } from '../tests/browser.js';
import { dropDatabase, fmt, percentile, recreateDatabase, startServer } from './lib';
import { getDb } from '../src/lib/server/db/db';
import { addEntries } from '../src/lib/server/glossary/glossary';
import { QA_MEASURE } from '../src/lib/editor/qa-plugin';
import { benchGlossary } from './glossary';

const SEGMENTS = 2_000;
// BENCH_PORT and BENCH_DB let two checkouts run the bench at once.
const DB_NAME = process.env.BENCH_DB ?? 'rendition_bench_workspace';
const words = 'the provincial science department held a meeting to study the ten million project and the pujiang experience'.split(' ');
const paragraph = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const english = (i: number) => Array.from({ length: 30 }, (_, k) => words[(i * 7 + k) % words.length]).join(' ') + '.';
const chinese = (i: number) => `第${i}段：省科技厅召开党组理论学习中心组会议，学习交流浙江“浦江经验”“千万工程”经验案例。`;

const url = await recreateDatabase(DB_NAME);
const handle = await openDatabase({ url, dataDir: '' });
useDatabase(handle);
await migrateToLatest(handle.db, await loadMigrations());
const user = await users.createUser(getDb(), { email: 'bench@example.org', name: 'Bench', password: 'bench-password' });
const project = await projects.createProject(getDb(), user, { name: 'Bench', sourceLang: 'zh-Hans', targetLang: 'en' });
const access = (await projects.findProjectForMember(handle.db, user, { id: project.id }))!;
const GLOSSARY = benchGlossary(5_000);
await addEntries(handle.db, access, GLOSSARY);
const doc = await documents.createDocument(handle.db, access, {
	title: 'Two thousand paragraphs',
	format: 'text',
	source: Array.from({ length: SEGMENTS }, (_, i) => paragraph(chinese(i + 1))),
	translation: Array.from({ length: SEGMENTS }, (_, i) => paragraph(english(i + 1)))
});
const { token } = await createSession(user.id);
useDatabase(undefined);
await handle.close();

const server = await startServer(Number(process.env.BENCH_PORT ?? 4198), { DATABASE_URL: url });
const pagePath = `/projects/${project.slug}/documents/${doc.id}`;
const cookie = `${SESSION_COOKIE}=${token}`;
const executablePath = systemChromium() ?? undefined;
const browser = await chromium.launch({
	executablePath,
	args: executablePath
		? ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		: []
});
try {
	// Server time for the page's data: the same load function the page uses, as JSON.
	const dataTimes: number[] = [];
	let bytes = 0;
	for (let i = 0; i < 12; i++) {
		const start = performance.now();
		const res = await fetch(`${server.origin}${pagePath}/__data.json`, { headers: { cookie } });
		bytes = (await res.arrayBuffer()).byteLength;
		if (res.status !== 200) throw new Error(`page data: HTTP ${res.status}`);
		if (i >= 2) dataTimes.push(performance.now() - start);
	}
	dataTimes.sort((a, b) => a - b);

	const interactive: number[] = [];
	const typing: number[] = [];
	const qaTimes: number[] = [];
	let longTasks = 0;
	for (let run = 0; run < 3; run++) {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.origin }]);
		const page = await context.newPage();
		const start = Date.now();
		await page.goto(server.origin + pagePath, { waitUntil: 'commit' });
		await page.locator('[aria-label="Translation of segment 1"]').click();
		await page.locator('.ProseMirror').first().waitFor();
		interactive.push(Date.now() - start);

		// Typing in a segment far down the page: time per keystroke, and any long tasks meanwhile.
		const far = page.locator('[aria-label="Translation of segment 1000"]');
		await far.scrollIntoViewIfNeeded();
		await far.click();
		// Latency measured inside the page: keydown until the frame after the editor's input is painted.
		await page.evaluate((measure) => {
			const w = window as unknown as { __long: number; __lat: number[]; __qa: number[] };
			w.__long = 0;
			w.__lat = [];
			w.__qa = [];
			let down = 0;
			new PerformanceObserver((list) => {
				w.__long += list.getEntries().length;
			}).observe({ type: 'longtask', buffered: false });
			// The QA plugin measures each run of the checks (see QA_MEASURE in qa-plugin.ts).
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) if (entry.name === measure) w.__qa.push(entry.duration);
			}).observe({ type: 'measure', buffered: false });
			document.addEventListener('keydown', () => (down = performance.now()), true);
			document.addEventListener(
				'input',
				() => {
					const t = down;
					requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t), 0));
				},
				true
			);
		}, QA_MEASURE);
		await page.keyboard.type(' and the final kilometre of serving the masses', { delay: 20 });
		await page.waitForTimeout(100);
		const { lat, long, qa } = await page.evaluate(() => {
			const w = window as unknown as { __long: number; __lat: number[]; __qa: number[] };
			return { lat: w.__lat, long: w.__long, qa: w.__qa };
		});
		if (qa.length === 0) throw new Error(`the editor reported no QA run over ${lat.length} keystrokes: is live QA on?`);
		typing.push(...lat);
		qaTimes.push(...qa);
		longTasks += long;
		await context.close();
	}
	interactive.sort((a, b) => a - b);
	typing.sort((a, b) => a - b);
	qaTimes.sort((a, b) => a - b);

	console.log(
		`\nWorkspace benchmark: ${SEGMENTS.toLocaleString('en')} segments (~${((SEGMENTS * 30) / 1000).toFixed(0)},000 words), glossary of ${GLOSSARY.length.toLocaleString('en')} entries`
	);
	console.log(`  page data (__data.json, ${fmt(bytes / 1024 / 1024, 2)} MB)  median ${fmt(percentile(dataTimes, 50))} ms  max ${fmt(dataTimes.at(-1)!)} ms`);
	console.log(
		`  navigation → editor open in segment 1   median ${fmt(percentile(interactive, 50), 0)} ms  (runs: ${interactive.join(', ')} ms; target < 2,000 ms)`
	);
	console.log(
		`  typing in segment 1,000: keydown → painted  median ${fmt(percentile(typing, 50))} ms  p95 ${fmt(percentile(typing, 95))} ms over ${typing.length} keys; long tasks while typing: ${longTasks} (target 0)`
	);
	console.log(
		`  live QA per keystroke (one segment, in Chromium)  median ${fmt(percentile(qaTimes, 50))} ms  p95 ${fmt(percentile(qaTimes, 95))} ms  max ${fmt(qaTimes.at(-1)!)} ms over ${qaTimes.length} runs (target < 5 ms)`
	);
} finally {
	await browser.close();
	await server.stop();
	if (!process.env.BENCH_KEEP) await dropDatabase(DB_NAME);
}
