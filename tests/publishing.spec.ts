import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, logIn, signUp, type TestUser } from './helpers';

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。', '市政府表示将继续举办。'].join('\n\n');
const MT = [
	'Harbin City held a culture festival on Sunday.',
	'The event attracted tens of thousands tourists.',
	'The city government said it will continue to hold.'
].join('\n\n');
// No digits: a number the source does not have is a QA error, and this text must get published.
const INJECTED = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned=\'img\'">';

/**
 * A project with an owner (logged in to `ownerPage`), a translator and a reviewer (logged in to
 * the request contexts `tr` and `rv`), holding one document of three MT segments.
 */
async function setUp(browser: Browser, request: APIRequestContext) {
	const ownerPage = await (await browser.newContext()).newPage();
	await signUp(ownerPage.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const reviewer = await signUp(request, 'Reviewer');
	const owner = ownerPage.request;
	const title = `Harbin festival ${Math.random().toString(36).slice(2, 7)}`;
	const api = apiClient(owner);
	const { id: projectId, slug } = await api.projects.create({
		name: `Publish ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	await api.projects.addMember(projectId, { email: translator.email, role: 'translator' });
	await api.projects.addMember(projectId, { email: reviewer.email, role: 'reviewer' });
	const { id } = await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' });
	const contexts = [ownerPage.context(), await contextFor(browser, translator), await contextFor(browser, reviewer)];
	const close = () => Promise.all(contexts.map((c) => c.close()));
	return { ownerPage, tr: contexts[1].request, rv: contexts[2].request, reviewer, close, id, slug, url: `/projects/${slug}/documents/${id}`, title };
}

async function contextFor(browser: Browser, user: TestUser): Promise<BrowserContext> {
	const context = await browser.newContext();
	await logIn(context.request, user);
	return context;
}

async function segments(request: APIRequestContext, documentId: number) {
	return (await apiClient(request).documents.get(documentId)).segments;
}

async function saveText(request: APIRequestContext, documentId: number, position: number, text: string) {
	const segment = (await segments(request, documentId))[position - 1];
	await apiClient(request).segments.save(segment.id, { baseRevisionId: segment.revisionId, text });
}

async function approveSubmitted(request: APIRequestContext, documentId: number) {
	for (const s of await segments(request, documentId)) {
		if (s.state === 'submitted') await apiClient(request).segments.approve(s.id, { revisionId: s.revisionId! });
	}
}

/** The public page as a reader sees it: a fresh browser context, never logged in, with an empty cache. */
async function readPublic(browser: Browser, path: string): Promise<{ page: Page; status: number }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	const response = await page.goto(path);
	return { page, status: response?.status() ?? 0 };
}

test('reviewer approves, owner publishes, readers see only published text; compare, roll back and unpublish', async ({ browser, request }) => {
	test.setTimeout(120_000);
	const { ownerPage, tr, rv, id, url, title, close } = await setUp(browser, request);
	const publish = ownerPage;
	const versionRow = (n: number) => publish.getByRole('row', { name: new RegExp(`^Version ${n}\\b`) });

	await test.step('the translator edits (one segment carries a script) and submits; the Publish tab refuses and says why', async () => {
		await saveText(tr, id, 1, 'Harbin held a cultural festival on Sunday.');
		await saveText(tr, id, 2, INJECTED);
		await apiClient(tr).documents.submit(id, { note: 'Ready.', includeUnconfirmed: true });

		await publish.goto(url);
		await publish.getByRole('link', { name: 'Publish', exact: true }).click();
		await expect(publish).toHaveURL(`${url}/publish`);
		const refused = publish.getByRole('group', { name: 'Cannot be published yet' });
		await expect(refused).toContainText('3 of 3 segments are not approved: 1, 2, 3.');
		const ids = (await segments(tr, id)).map((s) => s.id);
		await expect(refused.getByRole('link', { name: 'Segment 2: Submitted' })).toHaveAttribute('href', `${url}#segment-${ids[1]}`);
		await expect(publish.getByRole('button', { name: /^Publish version/ })).toHaveCount(0);
		await expect(publish.getByText('Never published.')).toBeVisible();
		await expectNoSeriousViolations(publish);
		await publish.screenshot({ path: 'test-results/publish-refused.png', fullPage: true });
	});

	await test.step('the reviewer approves; the owner publishes version 1', async () => {
		await approveSubmitted(rv, id);
		await publish.reload();
		await expect(publish.getByText('All 3 segments are approved.')).toBeVisible();
		await publish.getByRole('button', { name: 'Publish version 1' }).click();
		await expect(publish.getByRole('status').filter({ hasText: 'Published version 1.' })).toBeVisible();
		await expect(publish.getByText('Version 1 is public.')).toBeVisible();
		await expect(versionRow(1)).toContainText('Current');
		await expect(publish.getByText('Version 1 already has exactly the approved text.')).toBeVisible();
		await expectNoSeriousViolations(publish);
	});

	await test.step('the owner downloads version 1 as Markdown and XLIFF 2.0', async () => {
		const markdown = publish.waitForEvent('download');
		await publish.getByRole('link', { name: 'Markdown of version 1' }).click();
		const md = await markdown;
		expect(md.suggestedFilename()).toMatch(/-v1\.md$/);
		// Markdown escapes the full stop; the words are all there.
		expect(readFileSync((await md.path())!, 'utf8')).toContain('Harbin held a cultural festival on Sunday');
		const xliff = publish.waitForEvent('download');
		await publish.getByRole('link', { name: 'XLIFF 2.0 of version 1' }).click();
		const xl = await xliff;
		expect(xl.suggestedFilename()).toMatch(/-v1\.xliff$/);
		expect(readFileSync((await xl.path())!, 'utf8')).toContain('urn:oasis:names:tc:xliff:document:2.0');
	});

	await test.step('an anonymous reader reads version 1; the injected markup is inert text', async () => {
		const { page, status } = await readPublic(browser, `/p/${id}`);
		expect(status).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		const article = page.locator('article');
		await expect(article).toHaveAttribute('lang', 'en');
		await expect(page.locator('.meta')).toContainText('Version 1');
		await expect(article).toContainText('Harbin held a cultural festival on Sunday.');
		await expect(article).toContainText(INJECTED);
		await expect(article.locator('script, img')).toHaveCount(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
		await expectNoSeriousViolations(page);
		await page.screenshot({ path: 'test-results/public-page.png', fullPage: true });
		await page.context().close();
	});

	await test.step('a change after publication stays off the public page until approved and published as version 2', async () => {
		await saveText(tr, id, 3, 'The city government said it will hold the festival again.');
		const before = await readPublic(browser, `/p/${id}`);
		await expect(before.page.locator('article')).toContainText('The city government said it will continue to hold.');
		await expect(before.page.locator('article')).not.toContainText('hold the festival again');
		await before.page.context().close();

		await publish.reload();
		await expect(publish.getByRole('group', { name: 'Cannot be published yet' })).toContainText('1 of 3 segments are not approved: 3.');

		await apiClient(tr).documents.submit(id, { note: 'Segment 3 reworded.', includeUnconfirmed: true });
		const stillOld = await readPublic(browser, `/p/${id}`);
		await expect(stillOld.page.locator('article')).not.toContainText('hold the festival again');
		await stillOld.page.context().close();

		await approveSubmitted(rv, id);
		await publish.reload();
		await publish.getByRole('button', { name: 'Publish version 2' }).click();
		await expect(publish.getByRole('status').filter({ hasText: 'Published version 2.' })).toBeVisible();
		await expect(versionRow(2)).toContainText('Current');
		await expect(versionRow(1)).not.toContainText('Current');

		const after = await readPublic(browser, `/p/${id}`);
		await expect(after.page.locator('.meta')).toContainText('Version 2');
		await expect(after.page.locator('article')).toContainText('The city government said it will hold the festival again.');
		await after.page.context().close();
	});

	await test.step('the Publish tab shows exactly that change from version 1 to version 2', async () => {
		await versionRow(2).getByRole('link', { name: 'Changes from version 1' }).click();
		await expect(publish).toHaveURL(/from=1&to=2/);
		await expect(publish.getByText('1 segment differs between version 1 and version 2')).toBeVisible();
		const changes = publish.getByRole('list', { name: 'Changes from version 1 to version 2' }).getByRole('listitem');
		await expect(changes).toHaveCount(1);
		await expect(changes.first()).toHaveAccessibleName('Segment 3');
		await expect(changes.first().locator('ins')).toContainText(['the festival again']);
		await expect(changes.first().locator('del')).toContainText(['continue to']);
		await expectNoSeriousViolations(publish);
		await publish.screenshot({ path: 'test-results/publish-compare.png', fullPage: true });

		// Any two versions from the form; the same version twice differs nowhere.
		await publish.getByLabel('From version', { exact: true }).selectOption('2');
		await publish.getByLabel('to version', { exact: true }).selectOption('2');
		await publish.getByRole('button', { name: 'Compare' }).click();
		await expect(publish).toHaveURL(/from=2&to=2/);
		await expect(publish.getByText('Version 2 and version 2 have the same text: no segment differs.')).toBeVisible();
	});

	await test.step('rolling back to version 1 puts its text back on the public page', async () => {
		await versionRow(1).getByRole('button', { name: 'Make version 1 current' }).click();
		const dialog = publish.getByRole('dialog', { name: 'Make version 1 the public page?' });
		await expect(dialog).toContainText('instead of version 2');
		await dialog.getByRole('button', { name: 'Make version 1 current' }).click();
		await expect(publish.getByRole('status').filter({ hasText: 'Version 1 is the public page again.' })).toBeVisible();
		await expect(versionRow(1)).toContainText('Current');
		await publish.screenshot({ path: 'test-results/publish-published.png', fullPage: true });

		const reader = await readPublic(browser, `/p/${id}`);
		await expect(reader.page.locator('.meta')).toContainText('Version 1');
		await expect(reader.page.locator('article')).toContainText('The city government said it will continue to hold.');
		await reader.page.context().close();
	});

	await test.step('unpublishing makes the public page a 404, for every version', async () => {
		await versionRow(1).getByRole('button', { name: 'Unpublish' }).click();
		await publish
			.getByRole('dialog', { name: `Unpublish “${title}”?` })
			.getByRole('button', { name: 'Unpublish' })
			.click();
		await expect(publish.getByRole('status').filter({ hasText: 'Unpublished' })).toBeVisible();
		await expect(publish.getByText('Not published', { exact: true })).toBeVisible();
		await expect(versionRow(2).getByRole('button', { name: 'Make version 2 current' })).toBeVisible();

		for (const path of [`/p/${id}`, `/p/${id}/v/1`]) {
			const reader = await readPublic(browser, path);
			expect(reader.status, path).toBe(404);
			await reader.page.context().close();
		}
	});

	await test.step('the audit log records each publication step', async () => {
		await publish.getByRole('link', { name: 'Audit log' }).click();
		const log = publish.getByRole('list').filter({ hasText: 'published the document as version 1' });
		await expect(log).toContainText('published the document as version 2');
		await expect(log).toContainText('made version 1 of the document the published one again (was version 2)');
		await expect(log).toContainText('unpublished the document (version 1 was public)');
	});

	await close();
});

test('owners set a limit on unmodified MT; the gate names the segments over it; others only read the setting', async ({ browser, request }) => {
	test.setTimeout(90_000);
	const { ownerPage, tr, rv, reviewer, id, slug, url, close } = await setUp(browser, request);

	await ownerPage.goto(`/projects/${slug}/members`);
	const limit = ownerPage.getByLabel('Most unmodified machine translation a published document may keep');
	await expect(limit).toHaveValue('');
	await limit.fill('150');
	await ownerPage.getByRole('button', { name: 'Save publish rules' }).click();
	await expect(ownerPage.getByText('Enter a percentage from 0 to 100')).toBeVisible();
	await limit.fill('50');
	await ownerPage.getByRole('button', { name: 'Save publish rules' }).click();
	await expect(ownerPage.getByRole('status').filter({ hasText: 'more than 50 % unmodified MT' })).toBeVisible();
	await expectNoSeriousViolations(ownerPage);

	// Segment 1 edited, 2 and 3 left as MT, all approved: most of the MT is unmodified.
	await saveText(tr, id, 1, 'Harbin held a cultural festival on Sunday.');
	await apiClient(tr).documents.submit(id, { includeUnconfirmed: true });
	await approveSubmitted(rv, id);

	await ownerPage.goto(`${url}/publish`);
	const refused = ownerPage.getByRole('group', { name: 'Cannot be published yet' });
	await expect(refused).toContainText('this project publishes at most 50 %');
	await expect(refused.getByRole('link', { name: 'Segment 2: 100 % MT' })).toBeVisible();
	await expect(ownerPage.getByText('at most 50 %', { exact: true })).toBeVisible();

	const reviewerPage = await (await browser.newContext()).newPage();
	await logIn(reviewerPage.request, reviewer);
	await reviewerPage.goto(`/projects/${slug}/members`);
	await expect(reviewerPage.getByText('Documents keeping more than 50 % unmodified machine translation are not published.')).toBeVisible();
	await expect(reviewerPage.getByLabel('Most unmodified machine translation a published document may keep')).toHaveCount(0);

	await ownerPage.goto(`/projects/${slug}/members`);
	await limit.fill('');
	await ownerPage.getByRole('button', { name: 'Save publish rules' }).click();
	await expect(ownerPage.getByRole('status').filter({ hasText: 'no limit on unmodified MT' })).toBeVisible();
	await ownerPage.goto(`${url}/publish`);
	await expect(ownerPage.getByRole('button', { name: 'Publish version 1' })).toBeVisible();

	// Other members read the verdict; only owners get the button.
	await reviewerPage.goto(`${url}/publish`);
	await expect(reviewerPage.getByText('Project owners publish it.')).toBeVisible();
	await expect(reviewerPage.getByRole('button', { name: /^Publish version/ })).toHaveCount(0);
	await expectNoSeriousViolations(reviewerPage);

	await reviewerPage.context().close();
	await close();
});
