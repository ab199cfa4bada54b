import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { apiClient, expectNoSeriousViolations, signUp } from './helpers';

// An owner fills a new project's translation memory from another tool's TMX on the Translation
// memory page, finds its units as matches in the workspace, raises the threshold and exports the
// memory again.

const FIXTURE = new URL('./fixtures/tm/memory.tmx', import.meta.url);

test('an owner imports a TMX file, sees its units as matches, changes the threshold and exports', async ({ page }, info) => {
	await signUp(page.request, 'Owner');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `TMX import ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });

	await page.goto(`/projects/${slug}`);
	await page.getByRole('link', { name: 'Translation memory' }).click();
	await expect(page.getByRole('heading', { name: 'Translation memory', level: 2 })).toBeVisible();
	await expect(page.locator('.units')).toHaveText(/0\s+units/);
	await expectNoSeriousViolations(page);

	await page.getByLabel('TMX file', { exact: true }).setInputFiles(FIXTURE.pathname);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported 2, skipped 1.');
	await expect(page.locator('.units')).toHaveText(/2\s+units/);
	await page.getByText('Why a unit was skipped').click();
	await expect(page.getByRole('list', { name: 'Skipped units' })).toContainText(/Line \d+\s*It has no en segment/);
	await expectNoSeriousViolations(page);
	await page.screenshot({ path: info.outputPath('memory-page.png'), fullPage: true });

	// A document that repeats one sentence exactly and the other with one character changed.
	const doc = await api.projects.importDocument(projectId, {
		title: 'Ice festival',
		source: ['哈尔滨冰雪大世界今天正式开园。', '游客可以免费参观吗。'].join('\n\n'),
		translation: ['MT one', 'MT two'].join('\n\n'),
		format: 'text'
	});
	await page.goto(`/projects/${slug}/documents/${doc.id}`);
	const first = page.getByRole('listitem', { name: 'Segment 1', exact: true });
	await first.getByRole('textbox', { name: 'Translation of segment 1', exact: true }).click();
	const matches = first.getByRole('list', { name: 'Matches for segment 1, best first' });
	// The same source text (the bold the file carried is only formatting): an exact match.
	await expect(matches.getByRole('listitem').first()).toContainText('officially opened');
	await expect(matches.getByRole('listitem').first()).toContainText('100 %');

	// Raise the threshold above the second segment's fuzzy match: it is no longer offered.
	const second = page.getByRole('listitem', { name: 'Segment 2', exact: true });
	await second.getByRole('textbox', { name: 'Translation of segment 2', exact: true }).click();
	await expect(second.getByRole('list', { name: 'Matches for segment 2, best first' }).getByRole('listitem').first()).toContainText('free of charge');
	await page.goto(`/projects/${slug}/memory`);
	await page.getByLabel('Lowest match shown').fill('95');
	await page.getByRole('button', { name: 'Save match settings' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Matches are shown from 95 %' })).toBeVisible();
	expect((await api.tm.settings(projectId)).minScore).toBe(95);
	await page.goto(`/projects/${slug}/documents/${doc.id}`);
	const again = page.getByRole('listitem', { name: 'Segment 2', exact: true });
	await again.getByRole('textbox', { name: 'Translation of segment 2', exact: true }).click();
	await expect(again.getByRole('region', { name: /Translation memory/ })).toBeVisible();
	await expect(again.getByRole('list', { name: 'Matches for segment 2, best first' })).toHaveCount(0);

	// The export carries the imported units back out, formatting and all.
	await page.goto(`/projects/${slug}/memory`);
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Export TMX' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`${slug}-memory.tmx`);
	const xml = readFileSync((await file.path())!, 'utf8');
	expect(xml).toContain('<tmx version="1.4">');
	expect(xml).toContain('officially opened');
	expect(xml).toContain('type="bold"');
	expect(xml).toContain('Visitors may enter free of charge.');
});
