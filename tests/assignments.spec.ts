import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, logIn, signUp, type TestUser } from './helpers';
import { daysFrom, formatDueDate } from '../src/lib/assignments/due';

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。'].join('\n\n');
const MT = ['Harbin City held a culture festival on Sunday.', 'The event attracted tens of thousands tourists.'].join('\n\n');
const PHONE = { width: 390, height: 844 };

async function pageFor(browser: Browser, user: TestUser, viewport?: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext(viewport ? { viewport } : {});
	await logIn(context.request, user);
	return context.newPage();
}

/** The document titles down the project's list, as they are shown. */
const listedTitles = (page: Page) => page.getByRole('table').locator('tbody').getByRole('link').allTextContents();

async function screenshot(page: Page, name: string) {
	await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
	// Nothing may make the page itself wider than the screen; a wide table scrolls in its own box.
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect.soft(scrollWidth, `${name} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

test('an owner assigns a document with a due date; the list shows it and sorts by it; the translator is told and finds it in My work', async ({
	browser,
	page,
	request
}) => {
	test.setTimeout(90_000);
	const owner = await signUp(page.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const reviewer = await signUp(request, 'Reviewer');
	const tag = Math.random().toString(36).slice(2, 7);
	const titles = { festival: `Harbin festival ${tag}`, budget: `Budget report ${tag}`, flood: `Flood warning ${tag}` };
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Assignments ${Date.now()} ${tag}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.projects.addMember(projectId, { email: translator.email, role: 'translator' });
	await api.projects.addMember(projectId, { email: reviewer.email, role: 'reviewer' });
	const ids: Record<keyof typeof titles, number> = { festival: 0, budget: 0, flood: 0 };
	for (const key of ['festival', 'budget', 'flood'] as const) {
		ids[key] = (await api.projects.importDocument(projectId, { title: titles[key], source: SOURCE, translation: MT, format: 'text' })).id;
	}
	// Another document already due later, so that sorting by due date has something to order.
	await api.documents.assign(ids.budget, { reviewerId: null, dueDate: daysFrom(new Date(), 12) });
	const due = daysFrom(new Date(), 3);

	await test.step('the owner assigns the festival article on the project page', async () => {
		await page.goto(`/projects/${slug}`);
		await expectNoSeriousViolations(page);
		await page.getByRole('button', { name: `Assign ${titles.festival}` }).click();
		const dialog = page.getByRole('dialog', { name: `Assign “${titles.festival}”` });
		await expect(dialog).toBeVisible();
		await expect(dialog.getByLabel('Translator')).toBeFocused();
		await dialog.getByLabel('Translator').selectOption({ label: translator.name });
		await dialog.getByLabel('Reviewer').selectOption({ label: reviewer.name });
		await dialog.getByLabel('Due date').fill(due);
		await expectNoSeriousViolations(page);
		await screenshot(page, 'project-page-assign-dialog');
		await dialog.getByRole('button', { name: 'Save assignment' }).click();
		await expect(page.getByRole('status')).toHaveText(`Saved who works on “${titles.festival}” and by when.`);
		await expect(dialog).toBeHidden();
		const row = page.getByRole('row').filter({ hasText: titles.festival });
		await expect(row.getByRole('cell').nth(3)).toHaveText(translator.name);
		await expect(row.getByRole('cell').nth(4)).toHaveText(reviewer.name);
		await expect(row.getByRole('cell').nth(5)).toHaveText(formatDueDate(due));
		await expect(row).toContainText('In translation');
		await expect(row).toContainText('0 of 2 done');
	});

	await test.step('a refusal keeps the dialog open and says why beside the field', async () => {
		await page.getByRole('button', { name: `Assign ${titles.flood}` }).click();
		const dialog = page.getByRole('dialog', { name: `Assign “${titles.flood}”` });
		await dialog.getByLabel('Translator').selectOption({ label: owner.name });
		await dialog.getByLabel('Reviewer').selectOption({ label: owner.name });
		await dialog.getByRole('button', { name: 'Save assignment' }).click();
		await expect(dialog.getByLabel('Reviewer')).toBeFocused();
		await expect(dialog.getByLabel('Reviewer')).toHaveAttribute('aria-invalid', 'true');
		await expect(dialog.getByLabel('Reviewer')).toHaveAccessibleDescription(/reviewer must be someone other than the translator/);
		await screenshot(page, 'project-page-assign-refused');
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(page.getByRole('row').filter({ hasText: titles.flood }).getByRole('cell').nth(3)).toHaveText('Unassigned');
	});

	await test.step('the list sorts by due date, both ways, and keeps the order in the URL across a reload', async () => {
		const dueHeader = page.getByRole('columnheader', { name: /^Due/ });
		await dueHeader.getByRole('button').click();
		await expect(page).toHaveURL(/\?sort=due&dir=asc$/);
		await expect(dueHeader).toHaveAttribute('aria-sort', 'ascending');
		expect(await listedTitles(page)).toEqual([titles.festival, titles.budget, titles.flood]);
		await dueHeader.getByRole('button').click();
		await expect(dueHeader).toHaveAttribute('aria-sort', 'descending');
		// Nothing due comes last either way.
		expect(await listedTitles(page)).toEqual([titles.budget, titles.festival, titles.flood]);
		await page.reload();
		await expect(page.getByRole('columnheader', { name: /^Due/ })).toHaveAttribute('aria-sort', 'descending');
		expect(await listedTitles(page)).toEqual([titles.budget, titles.festival, titles.flood]);
		await screenshot(page, 'project-page-sorted');
	});

	await test.step('the translator sees the bell, finds the article in My work and opens it', async () => {
		const tr = await pageFor(browser, translator);
		await tr.goto('/projects');
		await expect(tr.getByRole('link', { name: /^Notifications, \d+ unread$/ })).toBeVisible();
		await tr.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
		await expect(tr.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
		const row = tr.getByRole('row').filter({ hasText: titles.festival });
		await expect(row).toContainText('Translator');
		await expect(row).toContainText(formatDueDate(due));
		await expect(row.getByRole('link', { name: /^Assignments / })).toBeVisible();
		// The budget report has no translator: it is not the translator's work.
		await expect(tr.getByRole('link', { name: titles.budget })).toHaveCount(0);
		await expectNoSeriousViolations(tr);
		await screenshot(tr, 'my-work');
		await row.getByRole('link', { name: titles.festival }).click();
		await expect(tr).toHaveURL(new RegExp(`/projects/${slug}/documents/${ids.festival}$`));
		await expect(tr.getByRole('heading', { name: titles.festival, level: 1 })).toBeVisible();

		await tr.goto('/notifications');
		await expect(tr.getByText(`assigned you to translate “${titles.festival}”, due ${formatDueDate(due)}`)).toBeVisible();
		// A translator is shown the list but no assign control.
		await tr.goto(`/projects/${slug}`);
		await expect(tr.getByRole('row').filter({ hasText: titles.festival })).toContainText(translator.name);
		await expect(tr.getByRole('button', { name: /^Assign / })).toHaveCount(0);
		await tr.context().close();
	});

	await test.step(`both pages fit a ${PHONE.width} px phone`, async () => {
		const phoneOwner = await browser.newContext({ viewport: PHONE });
		await phoneOwner.addCookies(await page.context().cookies());
		const ownerPhone = await phoneOwner.newPage();
		await ownerPhone.goto(`/projects/${slug}?sort=due&dir=asc`);
		await screenshot(ownerPhone, 'project-page-phone');
		await ownerPhone.getByRole('button', { name: `Assign ${titles.flood}` }).click();
		const dialog = ownerPhone.getByRole('dialog', { name: `Assign “${titles.flood}”` });
		await expect(dialog).toBeInViewport({ ratio: 1 });
		await screenshot(ownerPhone, 'project-page-phone-assign-dialog');
		await ownerPhone.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(ownerPhone.getByRole('button', { name: `Assign ${titles.flood}` })).toBeFocused();

		const trPhone = await pageFor(browser, translator, PHONE);
		await trPhone.goto('/my-work');
		await expect(trPhone.getByRole('link', { name: titles.festival })).toBeVisible();
		await screenshot(trPhone, 'my-work-phone');
		await Promise.all([phoneOwner.close(), trPhone.context().close()]);
	});
});

test('without JavaScript the assign form and the sorting still work, and a refusal says which document and why', async ({ browser, request }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await signUp(context.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const api = apiClient(context.request);
	const { id: projectId, slug } = await api.projects.create({ name: `No script ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.projects.addMember(projectId, { email: translator.email, role: 'translator' });
	const title = `Night shift ${Math.random().toString(36).slice(2, 7)}`;
	await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' });
	const page = await context.newPage();
	await page.goto(`/projects/${slug}`);

	await page.getByRole('button', { name: `Assign ${title}` }).click();
	const dialog = page.getByRole('dialog', { name: `Assign “${title}”` });
	await dialog.getByLabel('Translator').selectOption({ label: translator.name });
	await dialog.getByLabel('Due date').fill(daysFrom(new Date(), -3));
	await dialog.getByRole('button', { name: 'Save assignment' }).click();
	await expect(page.getByRole('alert')).toContainText(`The assignment of “${title}” was not saved: The due date`);
	await expect(page.getByRole('row').filter({ hasText: title })).toContainText('Unassigned');

	await page.getByRole('button', { name: `Assign ${title}` }).click();
	await expect(dialog.getByLabel('Due date')).toHaveAccessibleDescription(/has passed/);
	await dialog.getByLabel('Due date').fill(daysFrom(new Date(), 4));
	await dialog.getByRole('button', { name: 'Save assignment' }).click();
	await expect(page.getByRole('status')).toHaveText(`Saved who works on “${title}” and by when.`);
	await expect(page.getByRole('row').filter({ hasText: title })).toContainText(translator.name);

	await page
		.getByRole('columnheader', { name: /^Translator/ })
		.getByRole('button')
		.click();
	await expect(page).toHaveURL(/\?sort=translator&dir=asc$/);
	await expect(page.getByRole('columnheader', { name: /^Translator/ })).toHaveAttribute('aria-sort', 'ascending');
	await context.close();
});

test('My work says what to do when nothing is assigned', async ({ page }) => {
	await signUp(page.request, 'Newcomer');
	await page.goto('/my-work');
	await expect(page.getByText('Nothing is assigned to you yet.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Go to your projects' })).toBeVisible();
	await expectNoSeriousViolations(page);
});
