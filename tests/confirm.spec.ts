import { expect, test, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, signUp } from './helpers';

// Confirmed segments: Ctrl+Enter on an unchanged MT segment confirms it (a recorded event, not a
// new revision) and moves on; the progress counts it; submitting sends the confirmed and says
// how many stay unconfirmed; the reviewer's queue counts what was sent.

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。', '市政府表示将继续举办。', '文化节为期三天。'].join('\n\n');
const MT = [
	'Harbin held a culture festival on Sunday.',
	'The event attracted tens of thousands of tourists.',
	'The city government said it will continue to hold it.',
	'The festival lasts three days.'
].join('\n\n');

const editor = (page: Page, n: number) => page.locator(`[contenteditable="true"][aria-label="Translation of segment ${n}"]`);
const row = (page: Page, n: number) => page.getByRole('listitem', { name: `Segment ${n}`, exact: true });

test('confirm with the keyboard, see the progress count it, and submit only the confirmed', async ({ page, browser }) => {
	const owner = await signUp(page.request, 'Translator');
	const api = apiClient(page.request);
	const title = `Harbin festival ${Math.random().toString(36).slice(2, 7)}`;
	const { id: projectId, slug } = await api.projects.create({ name: `Confirm ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	const reviewerContext = await browser.newContext();
	const reviewer = await signUp(reviewerContext.request, 'Reviewer');
	await api.projects.addMember(projectId, { email: reviewer.email, role: 'reviewer' });
	const { id } = await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' });
	await page.goto(`/projects/${slug}/documents/${id}`);
	const progress = page.getByRole('progressbar', { name: 'Confirmed' });
	await expect(progress).toHaveAttribute('aria-valuenow', '0');
	await expect(page.getByText('0 of 4 (0 %)')).toBeVisible();

	await test.step('Ctrl+Enter on the unchanged MT of segment 1 confirms it and opens segment 2', async () => {
		await page.getByRole('textbox', { name: 'Translation of segment 1', exact: true }).click();
		await expect(editor(page, 1)).toBeFocused();
		await page.keyboard.press('ControlOrMeta+Enter');
		await expect(editor(page, 2)).toBeFocused();
		await expect(row(page, 1).getByText('Confirmed')).toBeVisible();
		await expect(row(page, 1).getByText('MT', { exact: true })).toBeVisible();
		await expect(progress).toHaveAttribute('aria-valuenow', '1');
		await expect(page.getByText('1 of 4 (25 %)')).toBeVisible();
		await expect(page.getByText('0 edited · 1 accepted as MT')).toBeVisible();
	});

	await test.step('an edit confirmed with Ctrl+Enter is saved and confirmed; Alt+Shift+↓ skips to the next unconfirmed', async () => {
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('The event drew tens of thousands of visitors.');
		await page.keyboard.press('ControlOrMeta+Enter');
		await expect(editor(page, 3)).toBeFocused();
		await expect(row(page, 2).getByText('Confirmed')).toBeVisible();
		await expect(row(page, 2).getByText('Edited', { exact: true })).toBeVisible();
		await expect(page.getByText('2 of 4 (50 %)')).toBeVisible();
		await expect(page.getByText('1 edited · 1 accepted as MT')).toBeVisible();
		await page.keyboard.press('Alt+Shift+ArrowDown');
		await expect(editor(page, 4)).toBeFocused();
		await page.keyboard.press('Alt+Shift+ArrowDown');
		await expect(editor(page, 3)).toBeFocused();
	});

	await test.step('the confirmation is in the history as an event, not a revision', async () => {
		await page.getByRole('button', { name: 'History of segment 1' }).click();
		const dialog = page.getByRole('dialog', { name: 'History of segment 1' });
		await expect(dialog.getByRole('heading', { name: 'Revisions (1)' })).toBeVisible();
		await expect(dialog.getByText(`Confirmed by ${owner.name}`)).toBeVisible();
		await dialog.getByRole('button', { name: 'Close' }).click();
	});

	await test.step('the filter shows the unconfirmed ones', async () => {
		await page.getByLabel('Show').selectOption({ label: 'Unconfirmed (2)' });
		await expect(page.getByRole('listitem', { name: /^Segment \d$/ })).toHaveCount(2);
		await page.getByLabel('Show').selectOption({ label: 'All segments (4)' });
	});

	const header = page.locator('.document-header');
	await header.screenshot({ path: test.info().outputPath('workspace-header.png') });
	await page.locator('.segment-toolbar').screenshot({ path: test.info().outputPath('workspace-progress.png') });

	await test.step('submitting says how many are not yet confirmed and sends the confirmed two', async () => {
		await page.getByRole('button', { name: 'Submit for review' }).click();
		const dialog = page.getByRole('dialog', { name: /Submit .* for review/ });
		await expect(dialog).toContainText('2 confirmed segments will be sent to the reviewers as round 1; 2 are not yet confirmed and stay with you.');
		await expect(dialog.getByRole('button', { name: 'Confirm all and submit 4' })).toBeVisible();
		await expectNoSeriousViolations(page);
		await dialog.screenshot({ path: test.info().outputPath('submit-dialog.png') });
		await dialog.getByRole('button', { name: 'Submit 2 confirmed segments' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'Submitted round 1 for review (2 segments). 2 segments are not yet confirmed and stay with you.' })
		).toBeVisible();
		await expect(row(page, 1).getByText('Submitted', { exact: true })).toBeVisible();
		await expect(row(page, 3).getByText('MT', { exact: true })).toBeVisible();
		// Submitted segments count as done.
		await expect(page.getByText('2 of 4 (50 %)')).toBeVisible();
	});

	await test.step('the reviewer’s queue counts the two that were sent', async () => {
		const rv = await reviewerContext.newPage();
		await rv.goto('/review');
		await expect(rv.getByRole('row', { name: new RegExp(title) })).toContainText('2 of 4 segments');
		const rounds = await apiClient(reviewerContext.request).documents.rounds(id);
		expect(rounds.rounds).toHaveLength(1);
	});

	await test.step('the Confirm button confirms the open segment; "Confirm all and submit" sends the rest as round 2', async () => {
		await page.getByRole('textbox', { name: 'Translation of segment 3', exact: true }).click();
		await row(page, 3).screenshot({ path: test.info().outputPath('active-row.png') });
		await page.getByRole('button', { name: 'Confirm segment 3' }).click();
		await expect(editor(page, 4)).toBeFocused();
		await expect(row(page, 3).getByText('Confirmed')).toBeVisible();
		await page.getByRole('button', { name: 'Submit for review' }).click();
		const dialog = page.getByRole('dialog', { name: /Submit .* for review/ });
		await expect(dialog).toContainText('1 confirmed segment will be sent to the reviewers as round 2; 1 is not yet confirmed and stays with you.');
		await dialog.getByRole('button', { name: 'Confirm all and submit 2' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Submitted round 2 for review (2 segments).' })).toBeVisible();
		await expect(page.getByText('4 of 4 (100 %)')).toBeVisible();
	});
	await reviewerContext.close();
});
