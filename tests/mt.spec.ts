import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectNoSeriousViolations, logIn } from './helpers';
import { startMtServer, type MtTestServer } from '../src/lib/server/testing/mt-servers';

// An administrator configures a LibreTranslate engine (a local server speaking its protocol,
// started here), tests the connection, and the demo project's owner chooses it.

let engine: MtTestServer;
test.beforeAll(async () => {
	engine = await startMtServer('libretranslate');
});
test.afterAll(async () => {
	await engine.close();
});

test('an administrator adds and tests an engine, and an owner chooses it for the demo project', async ({ page }, info) => {
	const name = `LibreTranslate ${Date.now().toString(36)}`;
	await logIn(page.request, DEMO_ADMIN);
	await page.goto('/admin');
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'MT engines' }).click();
	await expect(page.getByRole('heading', { name: 'Machine translation engines' })).toBeVisible();

	const add = page.getByRole('region', { name: 'Add an engine' });
	await add.getByLabel('Name').fill(name);
	await add.getByLabel('Provider').selectOption('libretranslate');
	await add.getByLabel('URL').fill(engine.url);
	await add.getByRole('button', { name: 'Add engine' }).click();
	await expect(page.getByRole('status').filter({ hasText: `${name} added.` })).toBeVisible();

	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
	await expect(card.getByText('No key')).toBeVisible();
	await card.getByRole('button', { name: `Test connection of ${name}` }).click();
	await expect(card.getByRole('status')).toContainText('Works. Xinhua reports, Heilongjiang this year a bumper summer grain harvest. See Xinhuanet.');
	expect(engine.requests.at(-1)?.body).toMatchObject({ source: 'zh', target: 'en', format: 'html' });
	await expectNoSeriousViolations(page);
	await page.screenshot({ path: info.outputPath('admin-mt-engines.png'), fullPage: true });

	// The owner (the demo's administrator owns its project) picks the engine.
	await page.goto('/projects');
	await page.getByRole('link', { name: 'Heilongjiang Daily (demo)' }).first().click();
	await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Members' }).click();
	const mt = page.getByRole('region', { name: 'Machine translation' });
	await mt.getByLabel('Engine for MT suggestions').selectOption({ label: name });
	await mt.getByRole('button', { name: 'Save engine' }).click();
	await expect(page.getByRole('status')).toHaveText(`Machine translation now comes from ${name}.`);
	await page.reload();
	await expect(page.getByRole('region', { name: 'Machine translation' }).getByLabel('Engine for MT suggestions')).toHaveValue(/^\d+$/);
	await expectNoSeriousViolations(page);
	await page.getByRole('region', { name: 'Machine translation' }).screenshot({ path: info.outputPath('project-mt.png') });

	// Deleting the engine leaves the project without one.
	await page.goto('/admin/mt-engines');
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: `Delete ${name}` }).click();
	await expect(page.getByRole('status')).toHaveText('Engine deleted; projects that used it have none now.');
});
