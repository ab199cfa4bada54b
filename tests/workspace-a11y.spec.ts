import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, signUp } from './helpers';

/** A project of the user logged in on `request` with a document holding a heading, links and MT. */
async function createDocument(request: APIRequestContext): Promise<string> {
	const api = apiClient(request);
	const { id: projectId, slug } = await api.projects.create({ name: `Accessible workspace ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	const { id } = await api.projects.importDocument(projectId, {
		title: 'Heilongjiang briefing',
		format: 'markdown',
		source: '## 哈尔滨文化节\n\n哈尔滨市**周日**举办[文化节](https://example.com/fest)。\n\n活动吸引了数万名游客。',
		translation:
			'## Harbin Culture Festival\n\nHarbin City held a [culture festival](https://example.com/fest) on *Sunday*.\n\nThe event attracted tens of thousands tourists.'
	});
	return `/projects/${slug}/documents/${id}`;
}

test('the workspace with an editor open, the history panel with a diff, and the changes view', async ({ page }) => {
	await signUp(page.request, 'Translator');
	const url = await createDocument(page.request);
	await page.goto(url);
	await expect(page.getByRole('heading', { name: 'Heilongjiang briefing', level: 1 })).toBeVisible();

	await page.getByRole('textbox', { name: 'Translation of segment 2', exact: true }).click();
	const editor = page.locator('[contenteditable="true"][aria-label="Translation of segment 2"]');
	await expect(editor).toBeFocused();
	await page.keyboard.press('End');
	await page.keyboard.type(' It was sunny.');
	await expectNoSeriousViolations(page);

	await page.keyboard.press('ControlOrMeta+Enter');
	await expect(page.locator('[contenteditable="true"][aria-label="Translation of segment 3"]')).toBeFocused();
	await page.getByRole('button', { name: 'History of segment 2' }).click();
	const dialog = page.getByRole('dialog', { name: 'History of segment 2' });
	await expect(dialog.locator('.word-diff ins')).toHaveCount(1);
	await expectNoSeriousViolations(page);
	await dialog.getByRole('button', { name: 'Compare with MT' }).click();
	await dialog.getByRole('button', { name: 'Restore revision 1…' }).click();
	await expectNoSeriousViolations(page);
	await dialog.getByRole('button', { name: 'Close' }).click();

	await page.getByRole('link', { name: 'Changes since MT' }).click();
	await expect(page.getByRole('heading', { name: 'Post-editing figures' })).toBeVisible();
	await expect(page.locator('.word-diff ins')).toHaveCount(1);
	await expectNoSeriousViolations(page);
});
