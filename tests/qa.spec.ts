import { expect, test, type Browser } from '@playwright/test';
import { isPublishRefused } from '../src/lib/api';
import { apiClient, createProject, expectNoSeriousViolations, logIn, signUp, type TestUser } from './helpers';

// QA where it shows outside the editor: the demo document's report (read only: other specs use
// the demo too), the publish gate listing open errors until they are fixed, and a warning ignored
// with a reason that the reviewer sees on the review page (on a project of this spec's own).

const shot = (name: string) => test.info().outputPath(name);

test('the demo document’s QA report lists the 丨, the Ten Thousand Project and the last mile, filters, and links to segments', async ({ page }) => {
	await logIn(page.request, { email: 'translator@rendition.test', password: 'rendition-demo' });
	const api = apiClient(page.request);
	const project = (await api.projects.list()).projects.find((p) => p.name === 'Heilongjiang Daily (demo)')!;
	const [doc] = (await api.projects.documents(project.id)).documents;
	const base = `/projects/${project.slug}/documents/${doc.id}`;

	await page.goto(`${base}/qa`);
	await expect(page.getByRole('heading', { name: 'Quality checks' })).toBeVisible();
	await expect(page.getByRole('link', { name: /^QA \(\d+ errors?\)$/ })).toBeVisible();
	const issues = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: /^Segment \d+$/ }) });
	const headline = issues.filter({ hasText: 'Source script' }).first();
	await expect(headline.locator('mark')).toHaveText('丨');
	await expect(headline.getByRole('link', { name: 'Segment 1' })).toBeVisible();
	await expect(issues.filter({ hasText: '“千万工程” should be translated as “Ten Million Project”' }).first()).toBeVisible();
	expect(await issues.filter({ hasText: '“千万工程” should be translated as “Ten Million Project”' }).count()).toBeGreaterThanOrEqual(3);
	await expect(issues.filter({ hasText: '“最后一公里” should be translated as “last mile”' })).toHaveCount(1);
	await page.screenshot({ path: shot('qa-report.png'), fullPage: true });
	await expectNoSeriousViolations(page);

	// The filter is a plain GET form: the address says what is shown.
	await page.getByRole('combobox', { name: 'Check', exact: true }).selectOption('leftover-script');
	await page.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('error');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/[?&]check=leftover-script/);
	await expect(page).toHaveURL(/[?&]severity=error/);
	await expect(issues).not.toHaveCount(0);
	for (const item of await issues.all()) await expect(item).toContainText('Source script');
	await expect(issues.filter({ hasText: 'Ten Million Project' })).toHaveCount(0);

	const link = issues.first().getByRole('link', { name: 'Segment 1' });
	const href = (await link.getAttribute('href'))!;
	expect(href).toMatch(new RegExp(`^${base}#segment-\\d+$`));
	await link.click();
	await expect(page).toHaveURL(href);
	await expect(page.locator(`[id="${href.split('#')[1]}"]`)).toBeInViewport();
});

/** A project of the test's own: an owner (this page), a translator and a reviewer, and one document. */
async function team(browser: Browser, page: import('@playwright/test').Page, source: string[], mt: string[]) {
	const owner = await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `QA desk ${Date.now()}`);
	const ownerApi = apiClient(page.request);
	const project = (await ownerApi.projects.list()).projects.find((p) => p.slug === slug)!;
	const member = async (label: string, role: 'translator' | 'reviewer') => {
		const context = await browser.newContext();
		const user: TestUser = await signUp(context.request, label);
		await ownerApi.projects.addMember(project.id, { email: user.email, role });
		return { context, user, api: apiClient(context.request) };
	};
	const translator = await member('Translator', 'translator');
	const reviewer = await member('Reviewer', 'reviewer');
	const { id } = await ownerApi.projects.importDocument(project.id, {
		title: 'Harbin news',
		source: source.join('\n\n'),
		translation: mt.join('\n\n'),
		format: 'text'
	});
	return { owner, ownerApi, translator, reviewer, slug, project, documentId: id, base: `/projects/${slug}/documents/${id}` };
}

test('the publish gate lists open QA errors with links until they are fixed, then publishing works', async ({ browser, page }) => {
	const t = await team(browser, page, ['黑龙江丨新闻。', '哈尔滨下雨了。'], ['Heilongjiang丨News.', 'It rained in Harbin.']);
	const approveAll = async () => {
		await t.translator.api.documents.submit(t.documentId, { includeUnconfirmed: true });
		for (const s of (await t.ownerApi.documents.get(t.documentId)).segments) {
			if (s.state === 'submitted') await t.reviewer.api.segments.approve(s.id, { revisionId: s.revisionId! });
		}
	};
	await approveAll();

	await page.goto(`${t.base}/publish`);
	const gate = page.getByRole('group', { name: 'Cannot be published yet' });
	await expect(gate).toContainText('1 QA error is open in segment 1');
	const errors = gate.getByRole('list', { name: 'Open QA errors' });
	await expect(errors.getByRole('listitem')).toHaveCount(1);
	await expect(errors).toContainText('Source script');
	const [first] = (await t.ownerApi.documents.get(t.documentId)).segments;
	await expect(errors.getByRole('link', { name: 'Segment 1' })).toHaveAttribute('href', `${t.base}#segment-${first.id}`);
	await expect(page.getByRole('button', { name: /Publish version/ })).toHaveCount(0);
	await page.screenshot({ path: shot('publish-gate.png'), fullPage: true });
	const refused = await t.ownerApi.documents.publish(t.documentId).catch((e: unknown) => e);
	if (!isPublishRefused(refused)) throw refused;
	expect(refused.body?.reasons).toContainEqual(expect.objectContaining({ kind: 'qa_errors' }));

	// The translator fixes it through the API: the save's answer already says it is clean.
	const saved = await t.translator.api.segments.save(first.id, { baseRevisionId: first.revisionId, text: 'Heilongjiang | News.' });
	expect(saved.qa.filter((i) => i.severity === 'error')).toEqual([]);
	await approveAll();

	await page.goto(`${t.base}/publish`);
	await expect(page.getByRole('group', { name: 'Cannot be published yet' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Publish version 1' }).click();
	await expect(page.getByRole('status')).toContainText('Published version 1');
	await t.translator.context.close();
	await t.reviewer.context.close();
});

test('a warning ignored with a reason on the QA report shows to the reviewer on the review page', async ({ browser, page }) => {
	const t = await team(browser, page, ['他说说了。', '哈尔滨下雨了。'], ['He said said it.', 'It rained in Harbin.']);
	const translatorPage = await t.translator.context.newPage();
	await translatorPage.goto(`${t.base}/qa?check=doubled-word`);
	const item = translatorPage.getByRole('listitem').filter({ hasText: 'Doubled' });
	await item.getByText('Ignore…').click();
	await item.getByLabel(/Why does this not apply/).fill('The speaker repeats himself; we quote him.');
	await item.getByRole('button', { name: 'Ignore with this reason' }).click();
	await expect(translatorPage.getByRole('status')).toContainText('Ignored');
	await expect(item).toContainText('Ignored by Translator');
	await expect(item).toContainText('The speaker repeats himself; we quote him.');

	await t.translator.api.documents.submit(t.documentId, { includeUnconfirmed: true });
	const reviewerPage = await t.reviewer.context.newPage();
	await reviewerPage.goto(`${t.base}/review`);
	const qa = reviewerPage.getByRole('group', { name: 'QA for segment 1' });
	await expect(qa).toContainText('Ignored');
	await expect(qa).toContainText('The speaker repeats himself; we quote him.');
	await expect(qa).toContainText(t.translator.user.name);
	await reviewerPage.screenshot({ path: shot('review-qa.png'), fullPage: true });
	await expectNoSeriousViolations(reviewerPage);
	await t.translator.context.close();
	await t.reviewer.context.close();
});

test('an owner raises a check to an error on the members page, and the QA report follows', async ({ browser, page }) => {
	const t = await team(browser, page, ['他说说了。'], ['He said said it.']);
	await page.goto(`/projects/${t.slug}/members`);
	const levels = page.getByRole('region', { name: 'QA checks' });
	await levels.getByLabel('Doubled word').selectOption('error');
	await levels.getByRole('button', { name: 'Save QA levels' }).click();
	await expect(page.getByRole('status')).toContainText('QA check levels saved.');
	await expect(levels.getByLabel('Doubled word')).toHaveValue('error');
	await levels.screenshot({ path: shot('qa-levels.png') });

	await page.goto(`${t.base}/qa?severity=error`);
	await expect(page.getByRole('listitem').filter({ hasText: '“said” is written twice' })).toContainText('Error');
	await expect(page.getByText('Ignore…')).toHaveCount(0);
	await t.translator.context.close();
	await t.reviewer.context.close();
});
