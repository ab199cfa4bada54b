import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, logIn, signUp, type TestUser } from './helpers';

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。', '市政府表示将继续举办。'].join('\n\n');
const MT = [
	'Harbin City held a culture festival on Sunday.',
	'The event attracted tens of thousands tourists.',
	'The city government said it will continue to hold.'
].join('\n\n');

/** A project owned by the user of `owner`, with a translator and a reviewer, holding one document. */
async function setUp(owner: APIRequestContext, translator: TestUser, reviewer: TestUser): Promise<{ slug: string; url: string; title: string }> {
	const title = `Harbin festival ${Math.random().toString(36).slice(2, 7)}`;
	const api = apiClient(owner);
	const { id: projectId, slug } = await api.projects.create({
		name: `Review ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	for (const [user, role] of [
		[translator, 'translator'],
		[reviewer, 'reviewer']
	] as const) {
		await api.projects.addMember(projectId, { email: user.email, role });
	}
	const { id } = await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' });
	return { slug, url: `/projects/${slug}/documents/${id}`, title };
}

async function pageFor(browser: Browser, user: TestUser): Promise<Page> {
	const context = await browser.newContext();
	await logIn(context.request, user);
	return context.newPage();
}

function row(page: Page, n: number) {
	return page.getByRole('listitem', { name: `Segment ${n}`, exact: true });
}

async function editSegment(page: Page, n: number, text: string) {
	await page.getByRole('textbox', { name: `Translation of segment ${n}`, exact: true }).click();
	const editor = page.locator(`[contenteditable="true"][aria-label="Translation of segment ${n}"]`);
	await expect(editor).toBeFocused();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type(text);
	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(row(page, n).getByText('Unsaved edit')).toHaveCount(0);
}

/** `all`: "Confirm all and submit"; otherwise only the segments confirmed with Ctrl+Enter go. */
async function submit(page: Page, round: number, segments: number, which: 'all' | 'confirmed') {
	await page.getByRole('button', { name: 'Submit for review' }).click();
	const dialog = page.getByRole('dialog', { name: /Submit .* for review/ });
	await dialog.getByLabel('Note for the reviewers').fill(round === 1 ? 'First pass done.' : 'Fixed the terminology.');
	await dialog.getByRole('button', { name: which === 'all' ? /^Confirm all/ : /^Submit \d+ confirmed segment/ }).click();
	await expect(page.getByRole('status').filter({ hasText: `Submitted round ${round} for review (${segments} segment` })).toBeVisible();
	await expect(page.getByText('In review', { exact: true })).toBeVisible();
	await expect(page.getByText(`Round ${round}`, { exact: true })).toBeVisible();
}

test('translator submits, reviewer approves and sends back by keyboard, translator fixes and resubmits, reviewer compares rounds and approves', async ({
	browser,
	request
}) => {
	test.setTimeout(90_000);
	const ownerPage = await browser.newPage();
	const owner = await signUp(ownerPage.request, 'Owner');
	const translator = await signUp(request, 'Translator');
	const reviewer = await signUp(request, 'Reviewer');
	const { slug, url, title } = await setUp(ownerPage.request, translator, reviewer);
	const tr = await pageFor(browser, translator);
	const rv = await pageFor(browser, reviewer);

	await test.step('the translator edits and submits round 1; a second submission with nothing new is refused', async () => {
		await tr.goto(url);
		await expect(tr.getByText('In translation', { exact: true })).toBeVisible();
		await editSegment(tr, 1, 'Harbin held a cultural festival on Sunday.');
		await submit(tr, 1, 3, 'all');
		// With nothing new there is nothing to submit, and the dialog says so.
		await tr.getByRole('button', { name: 'Submit for review' }).click();
		const dialog = tr.getByRole('dialog', { name: /Submit .* for review/ });
		await expect(dialog).toContainText('Nothing is waiting to be submitted');
		await expect(dialog.getByRole('button', { name: /^(Submit|Confirm all)/ })).toHaveCount(0);
		await dialog.getByRole('button', { name: 'Cancel' }).click();
	});

	await test.step('the reviewer finds it in the queue', async () => {
		await rv.goto('/review');
		const entry = rv.getByRole('row', { name: new RegExp(title) });
		await expect(entry).toContainText('3 of 3 segments');
		await expect(entry).toContainText(translator.name);
		await expectNoSeriousViolations(rv);
		await rv.screenshot({ path: 'test-results/review-queue.png', fullPage: true });
		await entry.getByRole('link', { name: title }).click();
		await expect(rv).toHaveURL(new RegExp(`${url}/review$`));
	});

	await test.step('approve segment 1 with A, send segment 2 back with R', async () => {
		await expect(row(rv, 1).getByText('Submitted', { exact: true })).toBeVisible();
		await expect(row(rv, 1).getByText('Changes from the machine translation')).toBeVisible();
		await expectNoSeriousViolations(rv);
		await rv.keyboard.press('a');
		await expect(row(rv, 1).getByText('Approved', { exact: true })).toBeVisible();
		await expect(row(rv, 2)).toBeFocused();
		await rv.keyboard.press('r');
		const reason = row(rv, 2).getByLabel('Reason');
		await expect(reason).toBeFocused();
		await reason.selectOption({ label: 'Terminology' });
		await row(rv, 2)
			.getByLabel(/Comment for the translator/)
			.fill('“Tourists” should be “visitors” in our style guide.');
		await rv.screenshot({ path: 'test-results/review-page.png', fullPage: true });
		await row(rv, 2).getByRole('button', { name: 'Send back segment 2' }).click();
		await expect(row(rv, 2).getByText('Changes requested', { exact: true })).toBeVisible();
		await expect(row(rv, 3)).toBeFocused();
	});

	await test.step('the reviewer replies in the thread of the sent-back segment; the translator reads the reply in the workspace', async () => {
		await row(rv, 2).getByRole('button', { name: 'Comments on segment 2, 1 open of 1' }).click();
		const thread = rv.getByRole('dialog', { name: 'Comments on segment 2' });
		const sendBack = thread.getByRole('list', { name: 'Comments' }).getByRole('listitem');
		await expect(sendBack).toHaveCount(1);
		await expect(sendBack).toContainText('Sent back · Terminology');
		await expect(sendBack).toContainText('should be “visitors”');
		const reply = thread.getByRole('textbox', { name: 'Reply' });
		await expect(reply).toBeFocused();
		// Typed key by key: the page's shortcuts (A approves, R sends back, E edits, J/K move) must stay quiet.
		await rv.keyboard.type('Right, ask Jo to keep the term base in mind.');
		await rv.keyboard.press('ControlOrMeta+Enter');
		await expect(sendBack).toHaveCount(2);
		await expect(reply).toHaveValue('');
		await expectNoSeriousViolations(rv);
		await rv.screenshot({ path: 'test-results/review-comments.png' });
		await thread.getByRole('button', { name: 'Close' }).click();
		await expect(row(rv, 2).getByRole('button', { name: 'Comments on segment 2, 2 open of 2' })).toBeFocused();
		await expect(row(rv, 3).getByText('Submitted', { exact: true })).toBeVisible();

		await tr.reload();
		await tr.getByRole('button', { name: 'Comments on segment 2, 2 open of 2' }).click();
		const trThread = tr.getByRole('dialog', { name: 'Comments on segment 2' }).getByRole('list', { name: 'Comments' }).getByRole('listitem');
		await expect(trThread.nth(1)).toContainText(reviewer.name);
		await expect(trThread.nth(1)).toContainText('Right, ask Jo to keep the term base in mind.');
		await tr.getByRole('dialog', { name: 'Comments on segment 2' }).getByRole('button', { name: 'Close' }).click();
	});

	await test.step('the translator sees the sent-back segment highlighted with the reason, fixes it and submits round 2', async () => {
		await tr.reload();
		const note = tr.getByRole('note', { name: 'Changes requested on segment 2' });
		await expect(note).toContainText('Terminology');
		await expect(note).toContainText('should be “visitors”');
		await expect(note).toContainText(reviewer.name);
		await tr.getByRole('button', { name: 'Next' }).click();
		await expect(tr.locator('[contenteditable="true"][aria-label="Translation of segment 2"]')).toBeFocused();
		await tr.screenshot({ path: 'test-results/translator-sent-back.png', fullPage: true });
		await editSegment(tr, 2, 'The event attracted tens of thousands of visitors.');
		await expect(tr.getByRole('note', { name: 'Changes requested on segment 2' })).toHaveCount(0);
		await submit(tr, 2, 1, 'confirmed');
	});

	await test.step('the reviewer compares round 2 with round 1, edits segment 3 in review and approves the rest', async () => {
		await rv.reload();
		await rv.getByLabel('Compare with').selectOption('round-1');
		await expect(rv).toHaveURL(/compare=round-1/);
		await expect(row(rv, 2).getByText('Changes from round 1')).toBeVisible();
		await expect(row(rv, 2).locator('ins')).toContainText('visitors');
		await expect(row(rv, 2).locator('del')).toContainText('tourists');
		await expect(row(rv, 3).getByText('Same as round 1.')).toBeVisible();

		await row(rv, 3).focus();
		await rv.keyboard.press('e');
		const editor = rv.locator('[contenteditable="true"][aria-label="Edit segment 3 in review"]');
		await expect(editor).toBeFocused();
		await rv.keyboard.press('End');
		await rv.keyboard.type(' them');
		await rv.keyboard.press('ControlOrMeta+Enter');
		await expect(editor).toHaveCount(0);
		const tracked = rv.getByRole('note', { name: "Reviewer's edit of segment 3" });
		await expect(tracked.locator('ins')).toContainText('them');
		await expect(row(rv, 3).getByText('Submitted', { exact: true })).toBeVisible();

		// Four-eyes: the reviewer now wrote segment 3, so approving all leaves it for someone else.
		await expect(row(rv, 3).getByText('Four-eyes: you wrote this text')).toBeVisible();
		await expect(row(rv, 3).getByRole('button', { name: 'Approve segment 3' })).toBeDisabled();
		await rv.getByRole('button', { name: 'Approve all remaining…' }).click();
		await rv.getByRole('dialog', { name: 'Approve all remaining segments?' }).getByRole('button', { name: 'Approve 2' }).click();
		await expect(rv.getByText('Approved 1 segment.')).toBeVisible();
		await expect(rv.getByRole('link', { name: 'Segment 3' })).toBeVisible();
		await expect(rv.getByText('you wrote the current text of this segment')).toBeVisible();
		await rv.screenshot({ path: 'test-results/review-approve-all.png', fullPage: true });
	});

	await test.step('the translator sees the reviewer’s edit as a tracked change; the owner approves the last segment', async () => {
		await tr.reload();
		await expect(tr.getByRole('note', { name: "Reviewer's edit of segment 3" }).locator('ins')).toContainText('them');

		await ownerPage.goto(`${url}/review`);
		await row(ownerPage, 3).getByRole('button', { name: 'Approve segment 3' }).click();
		await expect(ownerPage.getByText('Approved', { exact: true }).first()).toBeVisible();
		await expect(ownerPage.locator('.review-state').getByText('Approved', { exact: true })).toBeVisible();
	});

	await test.step('the audit logs list the submissions, decisions and the approval', async () => {
		await rv.goto(`${url}/audit`);
		const log = rv.getByRole('list').filter({ hasText: 'submitted round 1' });
		await expect(log).toContainText(`${translator.name} submitted round 1 (3 segments) for review`);
		await expect(log).toContainText(`${translator.name} submitted round 2 (1 segment) for review`);
		await expect(log).toContainText(`${reviewer.name} approved segment 1`);
		await expect(log).toContainText(`${reviewer.name} sent back segment 2 (Terminology)`);
		await expect(log).toContainText(`${reviewer.name} edited segment 3 in review`);
		await expect(log).toContainText(`${reviewer.name} approved all remaining segments (1 segment: 2; four-eyes skipped 1)`);
		await expect(log).toContainText(`${owner.name} approved segment 3`);
		await expect(log).toContainText(`The document was approved (last segment approved by ${owner.name})`);
		await expectNoSeriousViolations(rv);
		await rv.screenshot({ path: 'test-results/audit.png', fullPage: true });

		await rv.goto(`/projects/${slug}/audit`);
		await expect(rv.getByText(`${reviewer.name} approved segment 1 of “${title}”`)).toBeVisible();
		await expect(rv.getByText(`“${title}” was approved (last segment approved by ${owner.name})`)).toBeVisible();
		await expectNoSeriousViolations(rv);
	});

	await tr.context().close();
	await rv.context().close();
	await ownerPage.context().close();
});

test('an empty review queue explains itself; owners switch four-eyes off and the project log says so', async ({ page }) => {
	const owner = await signUp(page.request, 'Owner');
	const { slug } = await apiClient(page.request).projects.create({
		name: `Four eyes ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});

	await page.goto('/review');
	await expect(page.getByText('Nothing waits for your review.')).toBeVisible();
	await expectNoSeriousViolations(page);

	await page.goto(`/projects/${slug}/members`);
	const fourEyes = page.getByRole('checkbox', { name: /Four-eyes review: nobody approves their own text/ });
	await expect(fourEyes).toBeChecked();
	await fourEyes.uncheck();
	await page.getByRole('button', { name: 'Save review rules' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Four-eyes review is off.' })).toBeVisible();
	await page.reload();
	await expect(fourEyes).not.toBeChecked();

	await page.getByRole('link', { name: 'Audit log' }).click();
	await expect(page.getByText(`${owner.name} turned four-eyes review off`)).toBeVisible();
});
