import { expect, test } from '@playwright/test';
import { createProject, signUp } from './helpers';

test('import with mismatched paragraphs: merge rows, confirm, open the workspace', async ({ page }) => {
	await signUp(page.request, 'Importer');
	const slug = await createProject(page.request, `Import ${Date.now()}`);
	await page.goto(`/projects/${slug}`);
	await page.getByRole('link', { name: 'Import a document' }).click();

	await page.getByLabel('Title').fill('Evening bulletin');
	await page.getByRole('textbox', { name: 'Paste the text' }).first().fill('第一段。\n\n第二段。\n\n第三段。');
	// The MT split the second paragraph in two: four rows against three.
	await page.getByRole('textbox', { name: 'Paste the text' }).nth(1).fill('First paragraph.\n\nSecond paragraph,\n\ncontinued.\n\nThird paragraph.');
	await page.getByRole('button', { name: 'Continue to alignment' }).click();

	await expect(page.getByRole('heading', { name: 'Line up “Evening bulletin”' })).toBeVisible();
	await expect(page.getByText('Source: 3 rows')).toBeVisible();
	await expect(page.getByText('Translation: 4 rows')).toBeVisible();
	const create = page.getByRole('button', { name: /Create document/ });
	await expect(create).toBeDisabled();

	await page.getByRole('button', { name: 'Merge translation row 2 with the next' }).click();
	await expect(page.getByText('Translation: 3 rows')).toBeVisible();
	await expect(page.getByText('Aligned', { exact: true })).toBeVisible();
	await expect(create).toBeEnabled();
	await create.click();

	await expect(page).toHaveURL(new RegExp(`/projects/${slug}/documents/\\d+$`));
	await expect(page.getByRole('heading', { name: 'Evening bulletin' })).toBeVisible();
	await expect(page.getByText('第二段。')).toBeVisible();
	await expect(page.getByText('continued.')).toBeVisible();
});

test('an import split: a source row cut at the cursor', async ({ page }) => {
	await signUp(page.request, 'Splitter');
	const slug = await createProject(page.request, `Split ${Date.now()}`);
	await page.goto(`/projects/${slug}/documents/new`);
	await page.getByLabel('Title').fill('Two in one');
	await page.getByRole('textbox', { name: 'Paste the text' }).first().fill('甲句。乙句。');
	await page.getByRole('textbox', { name: 'Paste the text' }).nth(1).fill('Sentence A.\n\nSentence B.');
	await page.getByRole('button', { name: 'Continue to alignment' }).click();

	await page.getByRole('button', { name: 'Split source row 1' }).click();
	const area = page.getByLabel('Place the cursor where the row should be split');
	await area.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
	await page.getByRole('button', { name: 'Split at cursor' }).click();
	await expect(page.getByText('Source: 2 rows')).toBeVisible();
	await page.getByRole('button', { name: /Create document with 2 segments/ }).click();
	await expect(page.getByText('乙句。')).toBeVisible();
});

test('bad uploads are refused with a clear message and the pasted text is kept', async ({ page }) => {
	await signUp(page.request, 'Uploader');
	const slug = await createProject(page.request, `Upload ${Date.now()}`);
	await page.goto(`/projects/${slug}/documents/new`);
	await page.getByLabel('Title').fill('Encoding trouble');
	await page.getByRole('textbox', { name: 'Paste the text' }).nth(1).fill('Kept translation.');
	// "中文" in GBK: not UTF-8.
	await page
		.getByLabel('or upload a file')
		.first()
		.setInputFiles({
			name: 'story.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a])
		});
	await page.getByRole('button', { name: 'Continue to alignment' }).click();
	await expect(page.getByRole('alert')).toContainText('UTF-8');
	await expect(page.getByRole('textbox', { name: 'Paste the text' }).nth(1)).toHaveValue('Kept translation.');

	await page
		.getByLabel('or upload a file')
		.first()
		.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
	await page.getByRole('button', { name: 'Continue to alignment' }).click();
	await expect(page.getByRole('alert')).toContainText('.png');

	await page.getByLabel('or upload a file').first().setInputFiles([]);
	await page.getByRole('button', { name: 'Continue to alignment' }).click();
	await expect(page.getByRole('alert')).toContainText('source text is empty');
});

test('double-clicking “Create document” creates one document', async ({ page }) => {
	await signUp(page.request, 'Doubler');
	const slug = await createProject(page.request, `Double ${Date.now()}`);
	await page.goto(`/projects/${slug}/documents/new`);
	await page.getByLabel('Title').fill('Clicked twice');
	await page.getByRole('textbox', { name: 'Paste the text' }).first().fill('第一段。\n\n第二段。');
	await page.getByRole('textbox', { name: 'Paste the text' }).nth(1).fill('First paragraph.\n\nSecond paragraph.');
	await page.getByRole('button', { name: 'Continue to alignment' }).click();

	await page.getByRole('button', { name: 'Create document with 2 segments' }).dblclick();
	await expect(page).toHaveURL(new RegExp(`/projects/${slug}/documents/\\d+$`));
	await expect(page.getByRole('heading', { name: 'Clicked twice' })).toBeVisible();

	await page.goto(`/projects/${slug}`);
	await expect(page.getByRole('link', { name: 'Clicked twice' })).toHaveCount(1);
});

test('a title over 300 characters is kept whole: the page says how much too long, and the server refuses it', async ({ page, browser }) => {
	await signUp(page.request, 'Headliner');
	const slug = await createProject(page.request, `Long title ${Date.now()}`);
	await page.goto(`/projects/${slug}/documents/new`);
	const title = 'Harbin '.repeat(44) + 'news'; // 312 characters
	const titleBox = page.getByRole('textbox', { name: 'Title' });
	await titleBox.fill(title);
	await expect(titleBox).toHaveValue(title);
	const tooLong = page.getByText('The title is 12 characters too long: use at most 300.');
	await expect(tooLong).toBeVisible();
	await expect(titleBox).toHaveAttribute('aria-invalid', 'true');
	await expect(titleBox).toHaveAccessibleDescription('The title is 12 characters too long: use at most 300.');

	await page.getByRole('textbox', { name: 'Paste the text' }).first().fill('第一段。');
	await page.getByRole('button', { name: 'Continue to alignment' }).click();
	await expect(page.getByRole('button', { name: 'Continue to alignment' })).toBeEnabled();
	await expect(tooLong).toBeVisible();
	await expect(titleBox).toHaveValue(title);
	await expect(page.getByRole('heading', { name: /^Line up/ })).toHaveCount(0);

	await titleBox.fill(title.slice(0, 300));
	await expect(tooLong).toHaveCount(0);
	await page.getByRole('button', { name: 'Continue to alignment' }).click();
	await expect(page.getByRole('heading', { name: /^Line up/ })).toBeVisible();

	// Without JavaScript the server's answer says the same and echoes the whole title.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	try {
		await signUp(plain.request, 'Headliner');
		const plainSlug = await createProject(plain.request, `Long title plain ${Date.now()}`);
		const plainPage = await plain.newPage();
		await plainPage.goto(`/projects/${plainSlug}/documents/new`);
		await plainPage.getByRole('textbox', { name: 'Title' }).fill(title);
		await plainPage.getByRole('textbox', { name: 'Paste the text' }).first().fill('第一段。');
		await plainPage.getByRole('button', { name: 'Continue to alignment' }).click();
		await expect(plainPage.getByText('The title is 12 characters too long: use at most 300.')).toBeVisible();
		await expect(plainPage.getByRole('textbox', { name: 'Title' })).toHaveValue(title);
		await expect(plainPage.getByRole('heading', { name: /^Line up/ })).toHaveCount(0);
	} finally {
		await plain.close();
	}
});
