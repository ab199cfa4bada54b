import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, signUp, type TestUser } from './helpers';

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。', '市政府表示将继续举办。'].join('\n\n');
const MT = [
	'Harbin City held a culture festival on Sunday.',
	'The event attracted tens of thousands tourists.',
	'The city government said it will continue.'
].join('\n\n');

/** A project of the user logged in on `request`, with `member` added as a reviewer and a three-segment document. */
async function createDocument(request: APIRequestContext, member: TestUser): Promise<{ url: string; title: string }> {
	const api = apiClient(request);
	const { id: projectId, slug } = await api.projects.create({
		name: `Comments ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	await api.projects.addMember(projectId, { email: member.email, role: 'reviewer' });
	const title = 'Harbin festival';
	const { id } = await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' });
	return { url: `/projects/${slug}/documents/${id}`, title };
}

test('a mention reaches the other member, who follows it to the segment, replies and resolves the thread', async ({ browser, page }) => {
	const reviewerContext = await browser.newContext();
	const reviewerPage = await reviewerContext.newPage();
	const reviewer = await signUp(reviewerPage.request, 'Reviewer');
	const owner = await signUp(page.request, 'Owner');
	const { url, title } = await createDocument(page.request, reviewer);
	const handle = reviewer.email.slice(0, reviewer.email.indexOf('@'));

	await test.step('the owner comments on segment 2, mentioning the reviewer', async () => {
		await page.goto(url);
		await page.getByRole('button', { name: 'Comments on segment 2', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Comments on segment 2' });
		await expect(dialog.getByText('No comments yet.')).toBeVisible();
		const box = dialog.getByRole('textbox', { name: 'Comment' });
		await expect(box).toBeFocused();
		await expect(dialog.getByText('Mention someone with')).toContainText('@Reviewer');
		await box.fill(`@${handle}, is “tens of thousands tourists” right?`);
		await page.keyboard.press('ControlOrMeta+Enter');
		await expect(dialog.getByRole('list', { name: 'Comments' }).getByRole('listitem')).toHaveCount(1);
		await expect(dialog.getByRole('listitem')).toContainText(owner.name);
		await expect(dialog.getByRole('textbox', { name: 'Reply' })).toBeFocused();
		await expect(dialog.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
		await dialog.getByRole('button', { name: 'Close' }).click();
		await expect(page.getByRole('button', { name: 'Comments on segment 2, 1 open of 1' })).toBeFocused();
		// The author is not told about their own comment.
		await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
	});

	await test.step('the reviewer sees the bell count and the notification', async () => {
		await reviewerPage.goto('/projects');
		await reviewerPage.getByRole('link', { name: 'Notifications, 1 unread' }).click();
		await expect(reviewerPage.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
		const item = reviewerPage.getByRole('list', { name: 'Notifications, newest first' }).getByRole('listitem');
		await expect(item).toHaveCount(1);
		await expect(item).toContainText('Unread');
		await expectNoSeriousViolations(reviewerPage);
		await reviewerPage.screenshot({ path: test.info().outputPath('notifications.png'), fullPage: true });
		// Opening the page marks nothing read.
		await reviewerPage.reload();
		await expect(reviewerPage.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();
		await item.getByRole('button', { name: `${owner.name} mentioned you on segment 2 of “${title}”` }).click();
	});

	await test.step('the link leads to the segment; the reviewer replies and resolves the thread', async () => {
		await expect(reviewerPage).toHaveURL(new RegExp(`${url}#segment-\\d+$`));
		await expect(reviewerPage.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
		const segmentId = /#segment-(\d+)$/.exec(reviewerPage.url())![1];
		await expect(reviewerPage.locator(`#segment-${segmentId}`)).toBeInViewport();
		await reviewerPage.getByRole('button', { name: 'Comments on segment 2, 1 open of 1' }).click();
		const dialog = reviewerPage.getByRole('dialog', { name: 'Comments on segment 2' });
		await expect(dialog.getByRole('listitem')).toContainText('is “tens of thousands tourists” right?');
		await expect(dialog.locator('.mention')).toHaveText(`@${handle}`);
		const reply = dialog.getByRole('textbox', { name: 'Reply' });
		await expect(reply).toBeFocused();
		await reply.fill('@Owner No: “tens of thousands of tourists”. Fixed it.');
		await reply.press('ControlOrMeta+Enter');
		await expect(dialog.getByRole('list', { name: 'Comments' }).getByRole('listitem')).toHaveCount(2);
		await expectNoSeriousViolations(reviewerPage);
		await dialog.screenshot({ path: test.info().outputPath('thread.png') });

		await dialog.getByRole('button', { name: 'Resolve thread' }).click();
		await expect(dialog.getByText(`Resolved by ${reviewer.name}`)).toBeVisible();
		await expect(dialog.getByRole('button', { name: 'Resolve thread' })).toBeDisabled();
		await expect(reply).toBeFocused();
		await dialog.screenshot({ path: test.info().outputPath('thread-resolved.png') });
		await reviewerPage.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(reviewerPage.getByRole('button', { name: 'Comments on segment 2, 0 open of 2' })).toBeFocused();
	});

	await test.step('the owner, mentioned in the reply, marks all read', async () => {
		await page.goto('/notifications');
		await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
		await expect(page.getByRole('listitem').filter({ hasText: `${reviewer.name} mentioned you on segment 2` })).toContainText('Unread');
		await page.getByRole('button', { name: 'Mark all read' }).click();
		await expect(page.getByRole('status')).toHaveText('All notifications marked read.');
		await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
		await expect(page.getByText('Unread', { exact: true })).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Mark all read' })).toHaveCount(0);
	});

	await reviewerContext.close();
});
