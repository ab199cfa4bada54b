import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { apiClient, createProject, expectNoSeriousViolations, signUp } from './helpers';

// The project glossary page: an owner imports a TBX and a CSV file through the preview (with its
// report of skipped rows), sees, edits and deletes entries and exports them; a translator
// proposes a term and the owner accepts it; an imported term is highlighted in a document's
// source and a click inserts it.

const fixture = (name: string) => `tests/fixtures/glossary/${name}`;

async function previewImport(page: Page, file: string) {
	await page.getByLabel('Glossary file').setInputFiles(fixture(file));
	await page.getByRole('button', { name: 'Preview import' }).click();
	return page.getByRole('region', { name: `Preview of ${file}` });
}

test('an owner imports TBX and CSV glossaries, edits and exports them; a translator’s proposal is accepted', async ({ browser, page }) => {
	const translatorContext = await browser.newContext();
	const translator = await signUp(translatorContext.request, 'Translator');
	await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `Glossary desk ${Date.now()}`);
	const owner = apiClient(page.request);
	const { projects } = await owner.projects.list();
	const project = projects.find((p) => p.slug === slug)!;
	await owner.projects.addMember(project.id, { email: translator.email, role: 'translator' });

	await test.step('the glossary tab starts empty and accessible', async () => {
		await page.goto(`/projects/${slug}`);
		await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Glossary' }).click();
		await expect(page.getByRole('heading', { name: 'Terms (0)' })).toBeVisible();
		await expect(page.getByText('The glossary is empty.')).toBeVisible();
		await expectNoSeriousViolations(page);
	});

	await test.step('a TBX v3 file: preview, with the concept that has no English term reported, then import', async () => {
		const preview = await previewImport(page, 'zhejiang-terms.tbx');
		await expect(preview.getByRole('listitem').filter({ hasText: 'to add' })).toHaveText('3 to add');
		await expect(preview.getByRole('list', { name: 'Skipped rows' })).toHaveText(/Line 36\s*No term in en; the concept was skipped\./);
		await expect(preview.getByRole('row')).toHaveCount(4);
		await expectNoSeriousViolations(page);
		await page.screenshot({ path: test.info().outputPath('glossary-preview.png'), fullPage: true });
		await preview.getByRole('button', { name: 'Import 3 entries' }).click();
		await expect(page.getByRole('status')).toHaveText('Imported: 3 entries added; 1 row skipped.');
		await expect(page.getByRole('heading', { name: 'Terms (3)' })).toBeVisible();
	});

	await test.step('a CSV file: every skipped row with its line and reason, nothing imported before confirming', async () => {
		const preview = await previewImport(page, 'newsroom-terms.csv');
		const skipped = preview.getByRole('list', { name: 'Skipped rows' }).getByRole('listitem');
		await expect(skipped).toHaveText([
			/Line 3\s*Missing source term\./,
			/Line 4\s*A do-not-translate term stays as it is: leave the target empty or the same as the source\./
		]);
		await expect(page.getByRole('heading', { name: 'Terms (3)' })).toBeVisible();
		await preview.getByRole('button', { name: 'Import 2 entries' }).click();
		await expect(page.getByRole('status')).toHaveText('Imported: 2 entries added; 2 rows skipped.');
	});

	const table = page.getByRole('table');
	await test.step('the entries show with readable statuses, and a search narrows them', async () => {
		await expect(page.getByRole('heading', { name: 'Terms (5)' })).toBeVisible();
		await expect(table.getByRole('row', { name: /千万工程 Ten Million Project Preferred Any noun Never “Ten Thousand Project”\./ })).toBeVisible();
		await expect(table.getByRole('row', { name: /千万工程 Ten Thousand Project Forbidden/ })).toBeVisible();
		await expect(table.getByRole('row', { name: /浦江经验 Pujiang Experience Admitted/ })).toBeVisible();
		await page.getByLabel('Search terms').fill('mile');
		await page.getByRole('button', { name: 'Search' }).click();
		await expect(page.getByRole('heading', { name: 'Terms (1 of 5)' })).toBeVisible();
		await expect(table.getByRole('row')).toHaveCount(2);
		await page.getByRole('link', { name: 'Clear' }).click();
		await expect(table.getByRole('row')).toHaveCount(6);
		await page.screenshot({ path: test.info().outputPath('glossary-owner.png'), fullPage: true });
	});

	await test.step('edit an entry and delete another after confirming', async () => {
		await page.getByRole('link', { name: 'Edit “浦江经验” → “Pujiang Experience”' }).click();
		const editor = page.getByRole('form', { name: 'Edit “浦江经验” → “Pujiang Experience”' });
		await editor.getByLabel('Status').selectOption('preferred');
		await editor.getByLabel('Note').fill('Xinhua’s rendering.');
		await editor.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status')).toHaveText('Saved “浦江经验” → “Pujiang Experience”.');
		await expect(table.getByRole('row', { name: /浦江经验 Pujiang Experience Preferred Any Xinhua’s rendering\./ })).toBeVisible();

		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('button', { name: 'Delete “绿水青山” → “lucid waters and lush mountains”' }).click();
		await expect(page.getByRole('status')).toHaveText('Entry deleted.');
		await expect(page.getByRole('heading', { name: 'Terms (4)' })).toBeVisible();
	});

	await test.step('export CSV, TBX v3 and TBX 2 files', async () => {
		const exports = page.getByRole('navigation', { name: 'Export the glossary' });
		for (const [link, filename, content] of [
			['CSV', `${slug}-glossary.csv`, '最后一公里,last mile,preferred,no,noun'],
			['TBX v3', `${slug}-glossary.tbx`, '<conceptEntry'],
			['TBX 2', `${slug}-glossary-tbx2.tbx`, '<termEntry']
		] as const) {
			const [download] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: link, exact: true }).click()]);
			expect(download.suggestedFilename()).toBe(filename);
			expect(await readFile((await download.path())!, 'utf8')).toContain(content);
		}
	});

	await test.step('a translator proposes a term; it waits outside the glossary', async () => {
		const translatorPage = await translatorContext.newPage();
		await translatorPage.goto(`/projects/${slug}/glossary`);
		await expect(translatorPage.getByRole('link', { name: /^Edit/ })).toHaveCount(0);
		const propose = translatorPage.getByRole('region', { name: 'Propose a term' });
		await propose.getByLabel('Source term').fill('共同富裕');
		await propose.getByLabel('Target term').fill('common prosperity');
		await propose.getByLabel('Note').fill('As in the Xinhua style guide.');
		await propose.getByRole('button', { name: 'Propose term' }).click();
		await expect(translatorPage.getByRole('status')).toHaveText('Proposed “共同富裕” → “common prosperity”. An owner will accept or reject it.');
		const proposals = translatorPage.getByRole('region', { name: /Proposed terms/ });
		await expect(proposals).toContainText('Proposed by you');
		await expect(translatorPage.getByRole('button', { name: 'Withdraw “共同富裕” → “common prosperity”' })).toBeVisible();
		await expect(translatorPage.getByRole('heading', { name: 'Terms (4)' })).toBeVisible();
		await expectNoSeriousViolations(translatorPage);
		await translatorPage.screenshot({ path: test.info().outputPath('glossary-translator.png'), fullPage: true });
	});

	await test.step('the owner accepts the proposal', async () => {
		await page.reload();
		const proposals = page.getByRole('region', { name: /Proposed terms/ });
		await expect(proposals).toContainText(`Proposed by ${translator.name}`);
		await proposals.getByRole('button', { name: 'Accept “共同富裕” → “common prosperity”' }).click();
		await expect(page.getByRole('status')).toHaveText('Accepted “共同富裕” → “common prosperity”.');
		await expect(page.getByRole('region', { name: /Proposed terms/ })).toHaveCount(0);
		await expect(table.getByRole('row', { name: /共同富裕 common prosperity Preferred/ })).toBeVisible();
	});

	await test.step('the imported terms work in a document: highlighted in the source, inserted by a click', async () => {
		const { id } = await owner.projects.importDocument(project.id, {
			title: 'Rural roads',
			source: '打通农村公路最后一公里。',
			translation: 'Open up the final one kilometer of rural roads.',
			format: 'text'
		});
		await page.goto(`/projects/${slug}/documents/${id}`);
		const segment = page.getByRole('listitem', { name: 'Segment 1', exact: true });
		await segment.getByRole('button', { name: 'Insert “last mile” for 最后一公里' }).click();
		const editor = page.locator('[contenteditable="true"][aria-label="Translation of segment 1"]');
		await expect(editor).toBeFocused();
		await expect(editor).toContainText(/last mile$/);
	});

	await translatorContext.close();
});

test('a file that is not a glossary is refused with what to do, and nothing is imported', async ({ page }) => {
	await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `Glossary refusals ${Date.now()}`);
	await page.goto(`/projects/${slug}/glossary`);
	await page.getByLabel('Glossary file').setInputFiles({ name: 'terms.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004') });
	await page.getByRole('button', { name: 'Preview import' }).click();
	await expect(page.getByRole('alert')).toHaveText('“terms.xlsx” is a spreadsheet. Save it as “CSV UTF-8” (File › Save as) and upload the .csv file.');
	await page.getByLabel('Glossary file').setInputFiles({ name: 'terms.csv', mimeType: 'text/csv', buffer: Buffer.from([0xc7, 0xa7, 0xcd, 0xf2, 0x2c, 0x61]) });
	await page.getByRole('button', { name: 'Preview import' }).click();
	await expect(page.getByRole('alert')).toContainText('“terms.csv” is not valid UTF-8 text (it may use GBK');
	await expect(page.getByRole('heading', { name: 'Terms (0)' })).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the forms still add, refuse with the field at fault, preview and import', async ({ page }) => {
		await signUp(page.request, 'Owner');
		const slug = await createProject(page.request, `Glossary without JS ${Date.now()}`);
		await page.goto(`/projects/${slug}/glossary`);
		const add = page.getByRole('region', { name: 'Add a term' });
		await add.getByLabel('Source term').fill('千万工程');
		await add.getByLabel('Status').selectOption('preferred');
		await add.getByRole('button', { name: 'Add term' }).click();
		await expect(page.getByRole('region', { name: 'Add a term' }).getByLabel('Target term')).toHaveAccessibleDescription(/Enter the target term\./);
		await expect(page.getByRole('region', { name: 'Add a term' }).getByLabel('Source term')).toHaveValue('千万工程');

		const preview = await previewImport(page, 'newsroom-terms.csv');
		await expect(preview.getByRole('list', { name: 'Skipped rows' }).getByRole('listitem')).toHaveCount(2);
		await preview.getByRole('button', { name: 'Import 2 entries' }).click();
		await expect(page.getByRole('status')).toHaveText('Imported: 2 entries added; 2 rows skipped.');
		await expect(page.getByRole('heading', { name: 'Terms (2)' })).toBeVisible();

		await page.getByRole('link', { name: 'Edit “最后一公里” → “last mile”' }).click();
		const editor = page.getByRole('form', { name: 'Edit “最后一公里” → “last mile”' });
		await editor.getByLabel('Target term').fill('the last mile');
		await editor.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByRole('status')).toHaveText('Saved “最后一公里” → “the last mile”.');
		await expect(page.getByRole('form', { name: /^Edit/ })).toHaveCount(0);
	});
});

test('the glossary page fits a narrow screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `Glossary narrow ${Date.now()}`);
	await page.goto(`/projects/${slug}/glossary`);
	await previewImport(page, 'zhejiang-terms.tbx');
	await page.getByRole('button', { name: 'Import 3 entries' }).click();
	await expect(page.getByRole('heading', { name: 'Terms (3)' })).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({ path: test.info().outputPath('glossary-narrow.png'), fullPage: true });
});
