import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ApiClient } from '../src/lib/api';
import { startAppProcess, waitFor, type AppProcess } from '../scripts/test-fixtures/app-process';
import { recreateDatabase, startPostgresServer, type PostgresServer } from '../scripts/test-fixtures/postgres-server';
import { apiClientAt, newUser, type TestUser } from './helpers';

// Live collaboration across app processes: two processes of the built app on one Postgres (the
// tests' server when TEST_DATABASE_URL names one, else a server of this test's own), a translator
// on one and a reviewer on the other. What one does reaches the other's open page without a
// reload: a save, presence on a segment (gone when the tab closes), an approval.

const port = Number(process.env.E2E_PORT ?? 4173);
const LEASE_SECONDS = 6;
let server: PostgresServer | null = null;
let databaseUrl = '';
const apps: AppProcess[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120_000);
	const name = `rendition_live_e2e_${port}`;
	const shared = process.env.TEST_DATABASE_URL?.trim();
	if (shared) databaseUrl = await recreateDatabase(shared, name);
	else {
		server = await startPostgresServer();
		await server.query(`create database ${name}`);
		databaseUrl = server.url(name);
	}
	// Migrated once, before either process starts: they would otherwise race to do it.
	await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'migrate'], { env: { ...process.env, DATABASE_URL: databaseUrl } });
	const env = { DATABASE_URL: databaseUrl, WEB_CONCURRENCY: '1', PRESENCE_LEASE_SECONDS: String(LEASE_SECONDS), REGISTRATIONS_PER_HOUR: '1000' };
	for (const offset of [21, 22]) {
		const app = await startAppProcess('build', env, port + offset);
		apps.push(app);
		await waitFor(`app process on ${app.origin}`, async () => ((await app.fetch('/login')).status === 200 ? true : undefined), 60_000).catch((e) => {
			throw new Error(`${e.message}:\n${app.output()}`);
		});
	}
});

// The contexts this file opens (at other origins than the tests' own): closed after each test, so
// that no page goes on reconnecting to a process that has stopped while other files' tests run.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	for (const context of contexts.splice(0)) await context.close();
});

test.afterAll(async () => {
	for (const app of apps) await app.stop();
	await server?.destroy();
});

async function postForm(request: APIRequestContext, origin: string, path: string, form: Record<string, string>) {
	return request.post(`${origin}${path}`, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
}

/** A browser context signed in as a new user at `origin` (its cookie is good on both processes' hosts, which share it). */
async function member(browser: Browser, origin: string, label: string): Promise<{ user: TestUser; page: Page; api: ApiClient }> {
	const context = await browser.newContext({ baseURL: origin });
	contexts.push(context);
	const user = newUser(label);
	const res = await postForm(context.request, origin, '/register', { ...user });
	expect(res.status(), `registering ${user.email}`).toBe(303);
	return { user, page: await context.newPage(), api: apiClientAt(context.request, origin) };
}

const row = (page: Page, n: number) => page.getByRole('listitem', { name: `Segment ${n}`, exact: true });

test('a save, presence and an approval reach a page served by another app process, without a reload', async ({ browser }) => {
	test.setTimeout(120_000);
	const [a, b] = apps;
	const owner = await member(browser, a.origin, 'Owner');
	const translator = await member(browser, a.origin, 'Translator');
	const reviewer = await member(browser, b.origin, 'Reviewer');
	const project = await owner.api.projects.create({ name: `Live ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await owner.api.projects.addMember(project.id, { email: translator.user.email, role: 'translator' });
	await owner.api.projects.addMember(project.id, { email: reviewer.user.email, role: 'reviewer' });
	const doc = await owner.api.projects.importDocument(project.id, {
		title: 'The Ten Million Project',
		format: 'text',
		source: '千万工程。\n\n最后一公里。',
		translation: 'The Ten Thousand Project.\n\nThe "final" one kilometer.'
	});
	const path = `/projects/${project.slug}/documents/${doc.id}`;
	const tr = translator.page;
	const rv = reviewer.page;
	await tr.goto(path);
	await rv.goto(path);

	await test.step('the reviewer, on the other process, sees the translator arrive and open segment 1', async () => {
		await expect(rv.getByRole('region', { name: 'Also in this document' })).toContainText(translator.user.name);
		await tr.getByRole('textbox', { name: 'Translation of segment 1', exact: true }).click();
		await expect(rv.getByRole('region', { name: 'Also in this document' })).toContainText('editing segment 1');
		await expect(row(rv, 1).getByRole('img', { name: `${translator.user.name} is editing this segment` })).toBeVisible();
		await rv.screenshot({ path: test.info().outputPath('reviewer-sees-presence.png') });
	});

	await test.step('the translator saves; the reviewer’s page shows it within a second', async () => {
		const editor = tr.locator('[contenteditable="true"][aria-label="Translation of segment 1"]');
		await expect(editor).toBeFocused();
		await tr.keyboard.press('ControlOrMeta+a');
		await tr.keyboard.type('The Ten Million Project.');
		const saved = tr.waitForResponse((r) => r.url().includes('/api/v1/segments/') && r.request().method() === 'PUT' && r.status() === 200);
		await tr.keyboard.press('ControlOrMeta+Enter');
		await saved;
		await expect(row(rv, 1)).toContainText('The Ten Million Project.', { timeout: 1_000 });
		await expect(row(rv, 1)).toContainText(`Last edit: ${translator.user.name}`);
	});

	await test.step('the translator submits; the reviewer approves on the other process; the translator sees it live', async () => {
		await translator.api.documents.submit(doc.id, { includeUnconfirmed: true });
		await expect(row(tr, 1).getByText('Submitted', { exact: true })).toBeVisible();
		// The header follows: the document is in review now, on both pages.
		await expect(tr.getByText('In review', { exact: true })).toBeVisible();
		await expect(rv.getByText('In review', { exact: true })).toBeVisible();
		// The reviewer was told of the new round: their bell counts it without a reload.
		await expect(rv.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();
		const { segments } = await reviewer.api.documents.get(doc.id);
		await reviewer.api.segments.approve(segments[0].id, { revisionId: segments[0].revisionId! });
		await expect(row(tr, 1).getByText('Approved', { exact: true })).toBeVisible({ timeout: 2_000 });
		await expect(row(rv, 1).getByText('Approved', { exact: true })).toBeVisible();
	});

	await test.step('the translator closes the tab: the reviewer sees them go within the lease (at once: the closing page says it leaves)', async () => {
		await tr.close({ runBeforeUnload: true });
		await expect(rv.getByRole('region', { name: 'Also in this document' })).toHaveCount(0, { timeout: LEASE_SECONDS * 1000 });
	});
});

test('two translators in one segment: a warning first, then "changed by" over the unsaved edit, and Ctrl+Enter stays for the conflict', async ({ browser }) => {
	test.setTimeout(90_000);
	const [a, b] = apps;
	const owner = await member(browser, a.origin, 'Owner');
	const first = await member(browser, a.origin, 'First');
	const second = await member(browser, b.origin, 'Second');
	const project = await owner.api.projects.create({ name: `Live two ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	for (const m of [first, second]) await owner.api.projects.addMember(project.id, { email: m.user.email, role: 'translator' });
	const doc = await owner.api.projects.importDocument(project.id, {
		title: 'Two translators',
		format: 'text',
		source: '千万工程。\n\n最后一公里。\n\n哈尔滨。',
		translation: 'The Ten Thousand Project.\n\nThe "final" one kilometer.\n\nHarbin.'
	});
	const path = `/projects/${project.slug}/documents/${doc.id}`;
	const p1 = first.page;
	const p2 = second.page;
	await p1.goto(path);
	await p2.goto(path);

	await test.step('the first opens segment 2 and types; the second, opening it too, is warned and may go on', async () => {
		await p1.getByRole('textbox', { name: 'Translation of segment 2', exact: true }).click();
		await p1.keyboard.press('End');
		await p1.keyboard.type(' (first)');
		await expect(row(p2, 2).getByRole('img', { name: `${first.user.name} is editing this segment` })).toBeVisible();
		await p2.getByRole('textbox', { name: 'Translation of segment 2', exact: true }).click();
		await expect(row(p2, 2).getByRole('status').filter({ hasText: 'is editing this segment too' })).toContainText(first.user.name);
		await p2.screenshot({ path: test.info().outputPath('soft-lock-warning.png') });
	});

	await test.step('the second saves: the first sees who changed it and how, and keeps their edit', async () => {
		const editor = p2.locator('[contenteditable="true"][aria-label="Translation of segment 2"]');
		await expect(editor).toBeFocused();
		await p2.keyboard.press('ControlOrMeta+a');
		await p2.keyboard.type('The last mile.');
		await p2.keyboard.press('ControlOrMeta+Enter');
		const notice = row(p1, 2).getByRole('note', { name: `Segment 2 changed by ${second.user.name}` });
		await expect(notice).toBeVisible();
		await expect(notice.locator('ins')).toContainText('last mile');
		await expect(p1.locator('[contenteditable="true"][aria-label="Translation of segment 2"]')).toContainText('(first)');
		await p1.screenshot({ path: test.info().outputPath('changed-meanwhile.png') });
	});

	await test.step('Ctrl+Enter on it stays on the segment with the conflict to resolve', async () => {
		await p1.keyboard.press('ControlOrMeta+Enter');
		const conflict = row(p1, 2).getByRole('heading', { name: `${second.user.name} saved this segment while you were editing it` });
		await expect(conflict).toBeVisible();
		await expect(p1.locator('[contenteditable="true"][aria-label="Translation of segment 3"]')).toHaveCount(0);
		await row(p1, 2).getByRole('button', { name: 'Keep mine' }).click();
		await expect(conflict).toHaveCount(0);
		await expect(row(p2, 2)).toContainText('(first)');
	});
});
