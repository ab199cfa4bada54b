import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN, apiClient, expectNoSeriousViolations, logIn, signUp } from './helpers';
import { startMtServer, type MtTestServer } from '../src/lib/server/testing/mt-servers';

// The acceptance: an administrator configures a LibreTranslate engine (a local server
// speaking its protocol, started here), an owner chooses it for a project of their own, imports
// an article without MT whose source has bold in it, pre-translates it and sees the job's
// progress, then the translation with the bold still bold; the workspace offers the engine's
// suggestion under the memory's matches.

// One server per test: the tests run in parallel and each tells its server how to fail.
let engine: MtTestServer;
let garbling: MtTestServer;
test.beforeAll(async () => {
	engine = await startMtServer('libretranslate');
	garbling = await startMtServer('libretranslate');
	garbling.fail('garbled');
});
test.afterAll(async () => {
	await Promise.all([engine.close(), garbling.close()]);
});

function row(page: Page, n: number) {
	return page.getByRole('listitem', { name: `Segment ${n}`, exact: true });
}

test('an owner pre-translates an article imported without MT, and the bold stays bold', async ({ page, browser }, info) => {
	const name = `Pre-translator ${Date.now().toString(36)}`;
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await logIn(adminPage.request, DEMO_ADMIN);
	await adminPage.goto('/admin/mt-engines');
	const add = adminPage.getByRole('region', { name: 'Add an engine' });
	await add.getByLabel('Name').fill(name);
	await add.getByLabel('Provider').selectOption('libretranslate');
	await add.getByLabel('URL').fill(engine.url);
	await add.getByRole('button', { name: 'Add engine' }).click();
	await expect(adminPage.getByRole('status').filter({ hasText: `${name} added.` })).toBeVisible();
	await admin.close();

	await signUp(page.request, 'Owner');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Pre-translation ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await page.goto(`/projects/${slug}/members`);
	const mt = page.getByRole('region', { name: 'Machine translation' });
	await mt.getByLabel('Engine for MT suggestions').selectOption({ label: name });
	await mt.getByRole('button', { name: 'Save engine' }).click();
	await expect(page.getByRole('status')).toHaveText(`Machine translation now comes from ${name}.`);

	const { id } = await api.projects.importDocument(projectId, {
		title: 'Summer harvest',
		source: '新华社报道，**黑龙江**今年夏粮丰收。\n\n第一段。\n\n第二段。',
		format: 'markdown'
	});
	await page.goto(`/projects/${slug}/documents/${id}`);
	const panel = page.getByRole('region', { name: 'Pre-translation' });
	await expect(panel).toContainText('3 segments have no translation yet.');
	await expect(panel).toContainText(`Pre-translation fills them from ${name}`);
	await expect(row(page, 1).getByRole('textbox', { name: 'Translation of segment 1', exact: true })).toContainText('Not translated yet');
	await expectNoSeriousViolations(page);
	await panel.screenshot({ path: info.outputPath('pretranslate-offer.png') });

	// The engine asks to wait two seconds once: long enough to see the progress display.
	engine.retryAfterSeconds = 2;
	engine.fail('rate_limit', 1);
	await panel.getByRole('button', { name: 'Pre-translate' }).click();
	const progress = panel.getByRole('progressbar', { name: 'Pre-translation' });
	await expect(progress).toBeVisible();
	await expect(panel).toContainText(`Pre-translating the empty segments from ${name}…`);
	await panel.screenshot({ path: info.outputPath('pretranslate-running.png') });
	await expect(panel).toContainText(`Pre-translation finished: filled 3 segments by ${name}.`, { timeout: 20_000 });

	// The page shows the new translations without a reload, the bold one in bold.
	const first = row(page, 1).getByRole('textbox', { name: 'Translation of segment 1', exact: true });
	await expect(first).toContainText('Xinhua reports, Heilongjiang this year a bumper summer grain harvest.');
	await expect(first.locator('strong')).toHaveText('Heilongjiang');
	await expect(row(page, 2).getByRole('textbox', { name: 'Translation of segment 2', exact: true })).toContainText('First paragraph.');
	await expect(panel.getByRole('button', { name: 'Pre-translate' })).toHaveCount(0);
	await expectNoSeriousViolations(page);
	await page.screenshot({ path: info.outputPath('pretranslated-workspace.png'), fullPage: true });

	// In the editor the bold is still bold, and the engine's suggestion sits under the memory's matches.
	await first.click();
	const editor = page.locator('[contenteditable="true"][aria-label="Translation of segment 1"]');
	await expect(editor).toBeFocused();
	await expect(editor.locator('strong')).toHaveText('Heilongjiang');
	const suggestion = row(page, 1).getByRole('group', { name: `MT suggestion (${name})` });
	await expect(suggestion).toContainText('Xinhua reports, Heilongjiang this year a bumper summer grain harvest.');
	await expect(suggestion.locator('strong')).toHaveText('Heilongjiang');
	await expect(suggestion.getByRole('button', { name: 'Use the MT suggestion in segment 1' })).toContainText('Ctrl+1');
	await expectNoSeriousViolations(page);
	await row(page, 1).screenshot({ path: info.outputPath('mt-suggestion.png') });

	// The history names where the text came from.
	const history = await api.segments.revisions((await api.documents.get(id)).segments[0].id);
	expect(history.revisions.map((r) => r.origin)).toEqual(['mt']);
});

test('segments the engine could not translate are listed, linked, and left empty', async ({ page, browser }, info) => {
	const name = `Garbling engine ${Date.now().toString(36)}`;
	const admin = await browser.newContext();
	await logIn(admin.request, DEMO_ADMIN);
	// Set up through the API (the first test drives these pages): the engine, then the owner's choice.
	const origin = { origin: test.info().project.use.baseURL! };
	const added = await admin.request.post('/api/v1/admin/mt-engines', { headers: origin, data: { name, provider: 'libretranslate', url: garbling.url } });
	expect(added.status()).toBe(201);
	const engineId = ((await added.json()) as { id: number }).id;
	await admin.close();

	await signUp(page.request, 'Owner');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Failing MT ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	expect((await page.request.put(`/api/v1/projects/${projectId}/mt`, { headers: origin, data: { engineId } })).status()).toBe(200);
	const { id } = await api.projects.importDocument(projectId, { title: 'Bold trouble', source: '新华社报道，**黑龙江**今年夏粮丰收。', format: 'markdown' });

	await page.goto(`/projects/${slug}/documents/${id}`);
	const panel = page.getByRole('region', { name: 'Pre-translation' });
	// The engine drops the closing tags: the bold cannot be put back, so nothing is written.
	await panel.getByRole('button', { name: 'Pre-translate' }).click();
	await expect(panel).toContainText('Pre-translation finished: no segment filled; 1 segment could not be filled.', { timeout: 20_000 });
	const failures = panel.getByRole('list', { name: 'Segments pre-translation could not fill' });
	await expect(failures).toContainText('LibreTranslate did not keep the formatting (bold on “黑龙江”)');
	await expect(row(page, 1).getByRole('textbox', { name: 'Translation of segment 1', exact: true })).toContainText('Not translated yet');
	await expect(panel.getByRole('button', { name: 'Pre-translate again' })).toBeVisible();
	await expectNoSeriousViolations(page);
	await panel.screenshot({ path: info.outputPath('pretranslate-failures.png') });
	await failures.getByRole('link', { name: 'Segment 1' }).click();
	await expect(page).toHaveURL(/#segment-\d+$/);
});
