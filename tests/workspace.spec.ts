import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiClient, signUp, type TestUser } from './helpers';

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。', '市政府表示将继续举办。'].join('\n\n');
const MT = [
	'Harbin City held a culture festival on Sunday.',
	'The event attracted tens of thousands tourists.',
	'The city government said it will continue to hold.'
].join('\n\n');

interface Workspace {
	owner: TestUser;
	projectId: number;
	documentId: number;
	url: string;
}

/** A project owned by the user logged in on `request`, holding a three-segment document with MT. */
async function createDocument(request: APIRequestContext, owner: TestUser, translation: string | null = MT): Promise<Workspace> {
	const api = apiClient(request);
	const { id: projectId, slug } = await api.projects.create({
		name: `Workspace ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	const { id } = await api.projects.importDocument(projectId, { title: 'Harbin festival', source: SOURCE, translation, format: 'text' });
	return { owner, projectId, documentId: id, url: `/projects/${slug}/documents/${id}` };
}

async function addMember(request: APIRequestContext, projectId: number, user: TestUser, role: 'translator' | 'reviewer') {
	await apiClient(request).projects.addMember(projectId, { email: user.email, role });
}

/** The mounted ProseMirror editor of a segment (its read-only stand-in has the same role and name). */
function editor(page: Page, n: number) {
	return page.locator(`[contenteditable="true"][aria-label="Translation of segment ${n}"]`);
}

function row(page: Page, n: number) {
	return page.getByRole('listitem', { name: `Segment ${n}`, exact: true });
}

async function openEditor(page: Page, n: number) {
	await page.getByRole('textbox', { name: `Translation of segment ${n}`, exact: true }).click();
	await expect(editor(page, n)).toBeFocused();
}

/** Replaces the whole text of the focused editor. */
async function retype(page: Page, text: string) {
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type(text);
}

test('edit and save with the keyboard, see the revision and its diff, restore the MT', async ({ page }) => {
	const owner = await signUp(page.request, 'Translator');
	const { url, documentId } = await createDocument(page.request, owner);
	await page.goto(url);
	await expect(page.getByRole('progressbar', { name: 'Confirmed' })).toHaveAttribute('aria-valuenow', '0');
	await expect(page.getByText('Ctrl', { exact: true }).first()).toBeVisible();

	await test.step('edit segment 1 and save it with Ctrl+Enter', async () => {
		await openEditor(page, 1);
		await retype(page, 'Harbin held a cultural festival on Sunday.');
		await expect(row(page, 1).getByText('Unsaved edit')).toBeVisible();
		await page.keyboard.press('ControlOrMeta+Enter');
		// Saved, and the next segment is open.
		await expect(editor(page, 2)).toBeFocused();
		await expect(row(page, 1).getByText('Unsaved edit')).toHaveCount(0);
		await expect(row(page, 1).getByText('Edited', { exact: true })).toBeVisible();
		await expect(row(page, 1).getByText(`Last edit: ${owner.name}`)).toBeVisible();
		await expect(row(page, 1).getByText('Differs from MT')).toBeVisible();
		await expect(page.getByRole('progressbar', { name: 'Confirmed' })).toHaveAttribute('aria-valuenow', '1');
	});

	const dialog = page.getByRole('dialog', { name: 'History of segment 1' });
	await test.step('the history lists the new revision with its word diff', async () => {
		await page.getByRole('button', { name: 'History of segment 1' }).click();
		await expect(dialog).toBeVisible();
		await expect(dialog.getByRole('heading', { name: 'Revisions (2)' })).toBeVisible();
		await expect(dialog.getByRole('heading', { name: 'Changes from revision 1 (machine translation) to revision 2 (edit)' })).toBeVisible();
		await expect(dialog.locator('.word-diff del')).toHaveText([/^\[removed: City\s*\]$/, /^\[removed: culture\]$/]);
		await expect(dialog.locator('.word-diff ins')).toHaveText(['[added: cultural]']);
		await expect(dialog.getByText('Words inserted').locator('..')).toContainText('1');
	});

	await test.step('a restore based on an outdated revision is refused and says so', async () => {
		// Someone saves segment 1 through the API while the history is open.
		const api = apiClient(page.request);
		const [segment] = (await api.documents.get(documentId)).segments;
		await api.segments.save(segment.id, { baseRevisionId: segment.revisionId, text: 'Harbin held a cultural festival on Sunday, officials said.' });
		await dialog.getByRole('button', { name: 'Restore revision 1…' }).click();
		await dialog.getByRole('button', { name: 'Restore revision 1', exact: true }).click();
		await expect(dialog.getByRole('alert')).toContainText('Not restored');
		await expect(dialog.getByRole('heading', { name: 'Revisions (3)' })).toBeVisible();
	});

	await test.step('restore the MT as a new revision', async () => {
		await dialog.getByRole('button', { name: 'Restore revision 1…' }).click();
		const confirm = dialog.getByRole('button', { name: 'Restore revision 1', exact: true });
		await expect(confirm).toBeFocused();
		await confirm.click();
		await expect(dialog.getByRole('status')).toHaveText('Revision 1 restored: its text is current again, as a new revision.');
		await expect(dialog.getByRole('heading', { name: 'Revisions (4)' })).toBeVisible();
		const newest = dialog.getByRole('row').nth(1);
		await expect(newest).toContainText('Revision 4');
		await expect(newest).toContainText('Restore');
		await expect(newest).toContainText('Current');
		await dialog.getByRole('button', { name: 'Close' }).click();
		await expect(dialog).toBeHidden();
		await expect(page.getByRole('button', { name: 'History of segment 1' })).toBeFocused();
		await expect(row(page, 1)).toContainText('Harbin City held a culture festival on Sunday.');
		await expect(row(page, 1).getByText('MT', { exact: true })).toBeVisible();
	});

	await test.step('the changes view shows MT → current for every segment', async () => {
		await page.getByRole('link', { name: 'Changes since MT' }).click();
		await expect(page.getByRole('heading', { name: 'Post-editing figures' })).toBeVisible();
		await expect(page.getByText('Segments edited').locator('..')).toContainText('0 of 3');
		await page.getByRole('link', { name: 'Workspace', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Segments' })).toBeVisible();
	});
});

test('two translators save the same segment: the conflict view, and "Keep mine" loses nothing', async ({ browser, page }) => {
	const owner = await signUp(page.request, 'Owner');
	const { url, projectId } = await createDocument(page.request, owner);
	const otherContext = await browser.newContext();
	const other = await signUp(otherContext.request, 'Colleague');
	await addMember(page.request, projectId, other, 'translator');
	const otherPage = await otherContext.newPage();

	// Both open the document; one is typing in segment 2 when the other saves it.
	await page.goto(url);
	await otherPage.goto(url);
	await openEditor(page, 2);
	await retype(page, 'The festival drew tens of thousands of tourists.');

	await openEditor(otherPage, 2);
	await retype(otherPage, 'The event attracted tens of thousands of visitors.');
	await otherPage.keyboard.press('ControlOrMeta+Enter');
	await expect(editor(otherPage, 3)).toBeFocused();

	// The save shows live over the unsaved edit; saving it is the conflict.
	await expect(row(page, 2).getByRole('note', { name: `Segment 2 changed by ${other.name}` })).toBeVisible();
	await page.keyboard.press('ControlOrMeta+Enter');
	const conflict = row(page, 2).getByRole('region', { name: `${other.name} saved this segment while you were editing it` });
	await expect(conflict).toBeVisible();
	await expect(conflict).toContainText('The event attracted tens of thousands of visitors.');
	await expect(conflict).toContainText('The festival drew tens of thousands of tourists.');
	await expect(conflict.locator('.word-diff ins').first()).toBeVisible();

	await conflict.getByRole('button', { name: 'Keep mine' }).click();
	await expect(conflict).toBeHidden();
	await expect(row(page, 2).getByText(`Last edit: ${owner.name}`)).toBeVisible();

	await page.getByRole('button', { name: 'History of segment 2' }).click();
	const dialog = page.getByRole('dialog', { name: 'History of segment 2' });
	await expect(dialog.getByRole('heading', { name: 'Revisions (3)' })).toBeVisible();
	await expect(dialog.getByText('The event attracted tens of thousands of visitors.')).toBeVisible();
	await expect(dialog.getByText('The festival drew tens of thousands of tourists.')).toBeVisible();
	await expect(dialog.getByRole('row').nth(1)).toContainText(owner.name);
	await expect(dialog.getByRole('row').nth(2)).toContainText(other.name);
	await otherContext.close();
});

test('"Edit a merge" and "Keep theirs" after conflicts', async ({ browser, page }) => {
	const owner = await signUp(page.request, 'Owner');
	const { url, projectId } = await createDocument(page.request, owner);
	const otherContext = await browser.newContext();
	const other = await signUp(otherContext.request, 'Colleague');
	await addMember(page.request, projectId, other, 'translator');
	const otherPage = await otherContext.newPage();
	await page.goto(url);
	await otherPage.goto(url);

	await openEditor(page, 3);
	await retype(page, 'The municipal government said the event will continue.');
	await openEditor(otherPage, 3);
	await retype(otherPage, 'The city government said it will hold the festival again.');
	await otherPage.keyboard.press('ControlOrMeta+Enter');
	await expect(otherPage.getByText('Last edit: ' + other.name)).toBeVisible();

	await expect(row(page, 3).getByRole('note', { name: `Segment 3 changed by ${other.name}` })).toBeVisible();
	await editor(page, 3).focus();
	await page.keyboard.press('ControlOrMeta+Enter');
	await row(page, 3).getByRole('button', { name: 'Edit a merge' }).click();
	await expect(editor(page, 3)).toBeFocused();
	await expect(row(page, 3).getByText('Merging.')).toBeVisible();
	await retype(page, 'The municipal government said it will hold the festival again.');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(row(page, 3).getByText(`Last edit: ${owner.name}`)).toBeVisible();
	await expect(row(page, 3).getByText('Merging.')).toHaveCount(0);

	await page.getByRole('button', { name: 'History of segment 3' }).click();
	const dialog = page.getByRole('dialog', { name: 'History of segment 3' });
	await expect(dialog.getByRole('heading', { name: 'Revisions (3)' })).toBeVisible();
	await expect(dialog.getByText('The city government said it will hold the festival again.')).toBeVisible();
	await dialog.getByRole('button', { name: 'Close' }).click();

	// Keep theirs: their text becomes the row's, and Ctrl+Z in the editor brings mine back.
	await openEditor(page, 1);
	await retype(page, 'On Sunday Harbin held a festival.');
	await openEditor(otherPage, 1);
	await retype(otherPage, 'Harbin hosted a culture festival on Sunday.');
	await otherPage.keyboard.press('ControlOrMeta+Enter');
	await expect(otherPage.getByRole('listitem', { name: 'Segment 1', exact: true }).getByText('Last edit: ' + other.name)).toBeVisible();
	await expect(row(page, 1).getByRole('note', { name: `Segment 1 changed by ${other.name}` })).toBeVisible();
	await editor(page, 1).focus();
	await page.keyboard.press('ControlOrMeta+Enter');
	await row(page, 1).getByRole('button', { name: 'Keep theirs' }).click();
	await expect(row(page, 1).getByText('Unsaved edit')).toHaveCount(0);
	await expect(row(page, 1)).toContainText('Harbin hosted a culture festival on Sunday.');
	await expect(row(page, 1).getByText(`Last edit: ${other.name}`)).toBeVisible();
	await editor(page, 1).focus();
	await page.keyboard.press('ControlOrMeta+z');
	await expect(editor(page, 1)).toHaveText('On Sunday Harbin held a festival.');
	await expect(row(page, 1).getByText('Unsaved edit')).toBeVisible();
	await otherContext.close();
});

test('after a conflict the row shows the state the server reports, without a reload', async ({ browser, page }) => {
	const owner = await signUp(page.request, 'Owner');
	const { url, projectId, documentId } = await createDocument(page.request, owner);
	const reviewerContext = await browser.newContext();
	const reviewer = await signUp(reviewerContext.request, 'Reviewer');
	await addMember(page.request, projectId, reviewer, 'reviewer');
	// The owner's tab opens the document as it was: machine translation, not yet in review.
	await page.goto(url);
	await expect(row(page, 2).getByText('MT', { exact: true })).toBeVisible();

	// While the owner types in segment 2, it is submitted, and the reviewer edits it in review (it stays submitted).
	await openEditor(page, 2);
	await retype(page, 'The festival drew tens of thousands of tourists.');
	await apiClient(page.request).documents.submit(documentId, { includeUnconfirmed: true });
	const reviewerApi = apiClient(reviewerContext.request);
	const { segments } = await reviewerApi.documents.get(documentId);
	await reviewerApi.segments.save(segments[1].id, { baseRevisionId: segments[1].revisionId, text: 'The event attracted tens of thousands of visitors.' });

	await expect(row(page, 2).getByRole('note', { name: `Segment 2 changed by ${reviewer.name}` })).toBeVisible();
	await page.keyboard.press('ControlOrMeta+Enter');
	const conflict = row(page, 2).getByRole('region', { name: `${reviewer.name} saved this segment while you were editing it` });
	await expect(conflict).toBeVisible();
	await conflict.getByRole('button', { name: 'Keep theirs' }).click();
	await expect(conflict).toBeHidden();
	// Their version, in the state the 409 reported: still submitted (their edit was a review edit), by the reviewer.
	await expect(row(page, 2)).toContainText('The event attracted tens of thousands of visitors.');
	await expect(row(page, 2).getByText('Submitted', { exact: true })).toBeVisible();
	await expect(row(page, 2).getByText('Differs from MT')).toBeVisible();
	await expect(row(page, 2).getByText(`Last edit: ${reviewer.name}`)).toBeVisible();
	await expect(row(page, 2).getByText('Unsaved edit')).toHaveCount(0);

	// Saving on top of theirs takes the segment out of review: the save's answer says so.
	await editor(page, 2).focus();
	await retype(page, 'The festival drew tens of thousands of visitors.');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(row(page, 2).getByText('Edited', { exact: true })).toBeVisible();
	await expect(row(page, 2).getByText(`Last edit: ${owner.name}`)).toBeVisible();
	await reviewerContext.close();
});

test('an unsaved edit survives a reload and comes back from the drafts offer', async ({ page }) => {
	const owner = await signUp(page.request, 'Translator');
	const { url } = await createDocument(page.request, owner);
	await page.goto(url);
	await openEditor(page, 2);
	await retype(page, 'Tens of thousands of visitors came.');
	await expect(row(page, 2).getByText('Unsaved edit')).toBeVisible();
	// The draft is written shortly after the last keystroke.
	await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rendition:draft:')).length)).toBe(1);

	await page.reload();
	const offer = page.getByRole('region', { name: 'Unsaved edits from an earlier visit' });
	await expect(offer).toContainText('You have unsaved edits in 1 segment from an earlier visit');
	await offer.getByRole('button', { name: 'Restore' }).click();
	await expect(offer).toBeHidden();
	await expect(editor(page, 2)).toBeFocused();
	await expect(editor(page, 2)).toHaveText('Tens of thousands of visitors came.');
	await expect(row(page, 2).getByText('Unsaved edit')).toBeVisible();

	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(row(page, 2).getByText('Unsaved edit')).toHaveCount(0);
	await expect(row(page, 2).getByText(`Last edit: ${owner.name}`)).toBeVisible();
	await page.reload();
	await expect(row(page, 2)).toContainText('Tens of thousands of visitors came.');
	await expect(page.getByRole('region', { name: 'Unsaved edits from an earlier visit' })).toHaveCount(0);
});

test('a save during a database outage is sent again by itself while the translator moves on', async ({ page }) => {
	const owner = await signUp(page.request, 'Translator');
	const { url } = await createDocument(page.request, owner);
	await page.goto(url);
	// The first save meets the app answering 503 while its database restarts; later ones go through.
	let refused = 0;
	await page.route('**/api/v1/segments/*', async (route) => {
		if (route.request().method() !== 'PUT' || refused++ > 0) return route.fallback();
		const error = { code: 'unavailable', message: 'The database is not reachable right now; try again in a few seconds.' };
		await route.fulfill({ status: 503, headers: { 'retry-after': '5' }, json: { error } });
	});
	await openEditor(page, 2);
	await retype(page, 'Tens of thousands of visitors came.');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(editor(page, 3)).toBeFocused();
	await expect(row(page, 2).getByRole('alert')).toHaveText('The database is not reachable right now; try again in a few seconds. Sending it again in 5 s.');
	await page.screenshot({ path: test.info().outputPath('save-retrying.png') });
	await expect(row(page, 2).getByText(`Last edit: ${owner.name}`)).toBeVisible({ timeout: 15_000 });
	await expect(row(page, 2).getByRole('alert')).toHaveCount(0);
	await expect(row(page, 2).getByText('Unsaved edit')).toHaveCount(0);
	expect(refused).toBe(2);
	await page.reload();
	await expect(row(page, 2)).toContainText('Tens of thousands of visitors came.');
});

test('Esc discards the unsaved edit; Alt+Arrow keys move between segments; search and filters', async ({ page }) => {
	const owner = await signUp(page.request, 'Translator');
	const { url } = await createDocument(page.request, owner);
	await page.goto(url);

	await openEditor(page, 1);
	await retype(page, 'Something else entirely.');
	await expect(row(page, 1).getByText('Unsaved edit')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(editor(page, 1)).toHaveText('Harbin City held a culture festival on Sunday.');
	await expect(row(page, 1).getByText('Unsaved edit')).toHaveCount(0);
	await expect(editor(page, 1)).toBeFocused();

	await page.keyboard.press('Alt+ArrowDown');
	await expect(editor(page, 2)).toBeFocused();
	// Row 1 had nothing unsaved: its editor is gone again.
	await expect(editor(page, 1)).toHaveCount(0);
	await page.keyboard.press('Alt+ArrowDown');
	await expect(editor(page, 3)).toBeFocused();
	await page.keyboard.press('Alt+ArrowUp');
	await expect(editor(page, 2)).toBeFocused();

	// A second Escape on a clean editor leaves it.
	await page.keyboard.press('Escape');
	await expect(editor(page, 2)).toHaveCount(0);
	await expect(page.getByRole('textbox', { name: 'Translation of segment 2', exact: true })).toBeFocused();

	await page.getByRole('searchbox', { name: 'Search' }).fill('游客');
	await expect(page.getByText('Showing 1 of 3')).toBeVisible();
	await expect(row(page, 2)).toBeVisible();
	await expect(row(page, 1)).toBeHidden();
	await page.getByRole('searchbox', { name: 'Search' }).fill('');
	await page.getByLabel('Show').selectOption('edited');
	await expect(page.getByText('No segments match.')).toBeVisible();
});

test('a reviewer sees the workspace read-only', async ({ browser, page }) => {
	const owner = await signUp(page.request, 'Owner');
	const { url, projectId } = await createDocument(page.request, owner);
	const reviewerContext = await browser.newContext();
	const reviewer = await signUp(reviewerContext.request, 'Reviewer');
	await addMember(page.request, projectId, reviewer, 'reviewer');
	const reviewerPage = await reviewerContext.newPage();

	await reviewerPage.goto(url);
	// The History button works once the page is hydrated; under load that can follow the first paint by seconds.
	await expect(reviewerPage.locator('html[data-hydrated]')).toHaveCount(1);
	await expect(reviewerPage.getByText('only translators and owners edit it')).toBeVisible();
	await expect(reviewerPage.getByText('Harbin City held a culture festival on Sunday.')).toBeVisible();
	await expect(reviewerPage.getByRole('textbox')).toHaveCount(0);
	await reviewerPage.getByText('Harbin City held a culture festival on Sunday.').click();
	await expect(reviewerPage.locator('[contenteditable="true"]')).toHaveCount(0);

	await reviewerPage.getByRole('button', { name: 'History of segment 1' }).click();
	const dialog = reviewerPage.getByRole('dialog', { name: 'History of segment 1' });
	await expect(dialog.getByRole('heading', { name: 'Revisions (1)' })).toBeVisible();
	await expect(dialog.getByRole('button', { name: /Restore/ })).toHaveCount(0);
	await reviewerContext.close();
});

test('a document imported without MT: translate from empty', async ({ page }) => {
	const owner = await signUp(page.request, 'Translator');
	const { url } = await createDocument(page.request, owner, null);
	await page.goto(url);
	await expect(row(page, 1)).toContainText('Not translated yet');
	await expect(row(page, 1).getByText('Untranslated', { exact: true })).toBeVisible();
	await openEditor(page, 1);
	await page.keyboard.type('Harbin held a culture festival on Sunday.');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(editor(page, 2)).toBeFocused();
	await expect(row(page, 1).getByText('Edited', { exact: true })).toBeVisible();
	await expect(row(page, 1).getByText('Differs from MT')).toBeVisible();

	// An empty segment cannot be saved: the row says why and keeps the editor open.
	await page.keyboard.type(' ');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(row(page, 2).getByRole('alert')).toHaveText(/cannot be saved empty/);
	await expect(editor(page, 2)).toBeFocused();
});

test('a long document: rows get their QA count and source terms once near the screen; a filter shows its rows together', async ({ page }, info) => {
	await signUp(page.request, 'Translator');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Long ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.glossary.add(projectId, { source: '千万工程', target: 'Ten Million Project', status: 'preferred' });
	const count = 300;
	// Rows 2, 27, 52 … 277 miss the glossary's rendition: one in every group of rows.
	const wrong = new Set(Array.from({ length: 12 }, (_, i) => 2 + 25 * i));
	const { id } = await api.projects.importDocument(projectId, {
		title: 'Three hundred paragraphs',
		source: Array.from({ length: count }, (_, i) => `第${i + 1}段：学习“千万工程”经验。`).join('\n\n'),
		translation: Array.from({ length: count }, (_, i) =>
			wrong.has(i + 1) ? `Paragraph ${i + 1}: study the Ten Thousand Project.` : `Paragraph ${i + 1}: study the Ten Million Project.`
		).join('\n\n'),
		format: 'text'
	});
	await page.goto(`/projects/${slug}/documents/${id}`);
	const term = 'Insert “Ten Million Project” for 千万工程';
	await expect(row(page, 2).getByText('1 QA warning', { exact: true })).toBeVisible();
	await expect(row(page, 25).getByRole('button', { name: term })).toBeVisible();

	// Far down, nothing is worked out while nobody looks: a second is ample for 300 rows if it were.
	const far = row(page, 252);
	await page.waitForTimeout(1000);
	await expect(far.getByRole('button', { name: term })).toHaveCount(0);
	await expect(far.getByText('1 QA warning', { exact: true })).toHaveCount(0);
	await far.scrollIntoViewIfNeeded();
	await expect(far.getByText('1 QA warning', { exact: true })).toBeVisible();
	await expect(far.getByRole('button', { name: term })).toBeVisible();
	await far.screenshot({ path: info.outputPath('far-row.png') });

	// Filtered, the twelve rows, one from each group, sit one under the other.
	await page.getByRole('searchbox', { name: 'Search' }).fill('Ten Thousand');
	await expect(page.getByText('Showing 12 of 300')).toBeVisible();
	const boxes = [];
	for (const n of wrong) boxes.push((await row(page, n).boundingBox())!);
	for (let i = 1; i < boxes.length; i++) expect(Math.abs(boxes[i].y - (boxes[i - 1].y + boxes[i - 1].height))).toBeLessThan(2);
	expect((await page.locator('.segment-list').boundingBox())!.height).toBeLessThan(boxes.reduce((sum, b) => sum + b.height + 2, 0));
	await page.screenshot({ path: info.outputPath('filtered.png'), fullPage: true });

	// Back to all: the last row is there, in its place.
	await page.getByRole('searchbox', { name: 'Search' }).fill('');
	await expect(page.getByText('Showing 12 of 300')).toHaveCount(0);
	await row(page, 300).scrollIntoViewIfNeeded();
	await expect(row(page, 300)).toBeInViewport();
	await expect(row(page, 300)).toContainText('Paragraph 300');
});
