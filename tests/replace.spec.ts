import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, logIn, signUp, type TestUser } from './helpers';
import type { ApiClient } from '../src/lib/api';

const SOURCE = ['“千万工程”在哈尔滨启动。', '游客纷纷前来。', '更多“千万工程”村庄随后跟进。'].join('\n\n');
const MT = ['The Ten Thousand Project opened in Harbin.', 'Tourists came in numbers.', 'More ten thousand project villages followed.'].join('\n\n');

/** A project owned by the user of `owner`, with a translator and a reviewer, holding one document. */
async function setUp(owner: APIRequestContext, members: { translator: TestUser; reviewer?: TestUser }) {
	const api = apiClient(owner);
	const { id: projectId, slug } = await api.projects.create({
		name: `Replace ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	await api.projects.addMember(projectId, { email: members.translator.email, role: 'translator' });
	if (members.reviewer) await api.projects.addMember(projectId, { email: members.reviewer.email, role: 'reviewer' });
	const { id } = await api.projects.importDocument(projectId, { title: 'Ten Million Project', source: SOURCE, translation: MT, format: 'text' });
	return { api, documentId: id, url: `/projects/${slug}/documents/${id}` };
}

/** Sends the document to review as the translator, confirming every segment as it stands. */
async function submitForReview(api: ApiClient, documentId: number) {
	await api.documents.submit(documentId, { note: 'Terminology fixed with find and replace.', includeUnconfirmed: true });
}

async function pageFor(browser: Browser, user: TestUser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
	const context = await browser.newContext(options);
	await logIn(context.request, user);
	return context.newPage();
}

test('a translator finds and replaces across the document, a segment changed meanwhile is left alone, and the reviewer sees the changes as revisions', async ({
	browser,
	request
}) => {
	test.setTimeout(90_000);
	const ownerPage = await browser.newPage();
	await signUp(ownerPage.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const reviewer = await signUp(request, 'Reviewer');
	const { api: ownerApi, documentId, url } = await setUp(ownerPage.request, { translator, reviewer });
	const tr = await pageFor(browser, translator);

	await test.step('the workspace leads to find and replace', async () => {
		await tr.goto(url);
		await tr.getByRole('link', { name: 'Find and replace' }).click();
		await expect(tr).toHaveURL(`${url}/replace`);
		await expect(tr.getByRole('heading', { name: 'Find and replace' })).toBeVisible();
		await expectNoSeriousViolations(tr);
	});

	await test.step('a find that is not there says so', async () => {
		await tr.getByLabel('Find', { exact: true }).fill('Jixi');
		await tr.getByRole('button', { name: 'Preview' }).click();
		await expect(tr.getByRole('heading', { name: 'No matches' })).toBeVisible();
		await expect(tr.getByText('“Jixi” is not in any translation of this document.')).toBeVisible();
	});

	await test.step('the preview lists every match in context with its replacement', async () => {
		await tr.getByLabel('Find', { exact: true }).fill('ten thousand project');
		await tr.getByLabel('Replace with').fill('Ten Million Project');
		await tr.getByRole('button', { name: 'Preview' }).click();
		await expect(tr.getByRole('heading', { name: '2 matches in 2 segments' })).toBeVisible();
		const matches = tr.getByRole('listitem').filter({ has: tr.getByRole('link', { name: /^Segment \d$/ }) });
		await expect(matches).toHaveCount(2);
		await expect(matches.first().locator('del')).toHaveText('Ten Thousand Project');
		await expect(matches.first().locator('ins')).toHaveText('Ten Million Project');
		await expect(matches.nth(1).locator('del')).toHaveText('ten thousand project');
		await expect(matches.nth(1)).toContainText('More');
		await expectNoSeriousViolations(tr);
		await tr.screenshot({ path: 'test-results/replace-preview.png', fullPage: true });
	});

	await test.step('someone saves segment 3 after the preview; replacing all leaves it and says so', async () => {
		const third = (await ownerApi.documents.get(documentId)).segments[2];
		await ownerApi.segments.save(third.id, { baseRevisionId: third.revisionId, text: 'More Ten Thousand Project villages followed soon.' });

		await tr.getByRole('button', { name: 'Replace all 2' }).click();
		await expect(tr.getByRole('status').filter({ hasText: 'Replaced 1 match in 1 segment.' })).toBeVisible();
		await expect(tr.getByRole('heading', { name: 'Changed by someone else meanwhile (1)' })).toBeVisible();
		await expect(tr.getByText('More Ten Thousand Project villages followed soon.')).toBeVisible();
		await expectNoSeriousViolations(tr);
		await tr.screenshot({ path: 'test-results/replace-summary.png', fullPage: true });

		await tr.getByRole('link', { name: 'Segment 3' }).click();
		await expect(tr).toHaveURL(new RegExp(`${url}#segment-${third.id}$`));
		await expect(tr.getByRole('listitem', { name: 'Segment 3', exact: true })).toBeInViewport();
		await expect(tr.getByRole('listitem', { name: 'Segment 1', exact: true })).toContainText('The Ten Million Project opened in Harbin.');
	});

	await test.step('after submission the reviewer sees the replacement as a revision', async () => {
		await submitForReview(apiClient(tr.request), documentId);
		const rv = await pageFor(browser, reviewer);
		await rv.goto(`${url}/review`);
		const first = rv.getByRole('listitem', { name: 'Segment 1', exact: true });
		await expect(first.locator('ins')).toContainText('Million');
		await expect(first.locator('del')).toContainText('Thousand');

		const history = await apiClient(rv.request).segments.revisions((await ownerApi.documents.get(documentId)).segments[0].id);
		expect(history.revisions.map((r) => [r.origin, r.author])).toEqual([
			['human', translator.name],
			['mt', expect.anything()]
		]);
	});
});

test('find and replace works without JavaScript', async ({ browser, request }) => {
	const owner = await signUp(request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const ownerContext = await browser.newContext();
	await logIn(ownerContext.request, owner);
	const { url } = await setUp(ownerContext.request, { translator });
	const page = await pageFor(browser, translator, { javaScriptEnabled: false });

	await page.goto(`${url}/replace`);
	await page.getByLabel('Find', { exact: true }).fill('Tourists');
	await page.getByLabel('Replace with').fill('Visitors');
	await page.getByLabel('Match case').check();
	await page.getByLabel('Whole words').check();
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('heading', { name: '1 match in 1 segment' })).toBeVisible();
	await expect(page.getByLabel('Match case')).toBeChecked();
	await page.getByRole('button', { name: 'Replace all 1' }).click();
	await expect(page.getByText('Replaced 1 match in 1 segment.')).toBeVisible();
	await page.goto(url);
	await expect(page.getByText('Visitors came in numbers.')).toBeVisible();
});

test('in review, the translator is told which segments will not change, and the reviewer replaces in them as review edits', async ({ browser, request }) => {
	const ownerPage = await browser.newPage();
	await signUp(ownerPage.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const reviewer = await signUp(request, 'Reviewer');
	const { documentId, url } = await setUp(ownerPage.request, { translator, reviewer });
	const tr = await pageFor(browser, translator);
	await tr.goto(url);
	await tr.screenshot({ path: 'test-results/replace-workspace-link.png' });
	await submitForReview(apiClient(tr.request), documentId);

	await tr.goto(`${url}/replace`);
	await tr.getByLabel('Find', { exact: true }).fill('Harbin');
	await tr.getByLabel('Replace with').fill('Jixi');
	await tr.getByRole('button', { name: 'Preview' }).click();
	await expect(tr.getByRole('heading', { name: '1 match in 1 segment' })).toBeVisible();
	await expect(tr.getByText('Submitted for review: a reviewer has it now.', { exact: false })).toBeVisible();
	await expect(tr.getByRole('button', { name: /Replace all/ })).toHaveCount(0);
	await expectNoSeriousViolations(tr);
	await tr.screenshot({ path: 'test-results/replace-not-changeable.png', fullPage: true });

	const rv = await pageFor(browser, reviewer);
	await rv.setViewportSize({ width: 420, height: 900 });
	await rv.goto(`${url}/replace`);
	await expect(rv.getByText('Your changes show to the translator as review edits.')).toBeVisible();
	await rv.getByLabel('Find', { exact: true }).fill('Harbin');
	await rv.getByLabel('Replace with').fill('Harbin City');
	await rv.getByRole('button', { name: 'Preview' }).click();
	await rv.getByRole('button', { name: 'Replace all 1' }).click();
	await expect(rv.getByRole('status').filter({ hasText: 'Replaced 1 match in 1 segment.' })).toBeVisible();
	await rv.screenshot({ path: 'test-results/replace-narrow-reviewer.png', fullPage: true });
	// The page fits a phone: nothing scrolls sideways.
	expect(await rv.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
	const [first] = (await apiClient(rv.request).documents.get(documentId)).segments;
	expect(first).toMatchObject({ text: 'The Ten Thousand Project opened in Harbin City.', state: 'submitted' });
});
