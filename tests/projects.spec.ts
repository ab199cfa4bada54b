import { expect, test } from '@playwright/test';
import { apiClient, signUp } from './helpers';

test('an owner creates a project and manages its members; outsiders get a 404', async ({ browser, page }) => {
	await signUp(page.request, 'Owner');
	const memberContext = await browser.newContext();
	const outsiderContext = await browser.newContext();
	const member = await signUp(memberContext.request, 'Member');
	await signUp(outsiderContext.request, 'Outsider');
	const projectName = `Harbin Evening News ${Date.now()}`;

	await test.step('create the project, after fixing an invalid language tag', async () => {
		await page.goto('/projects');
		await page.getByRole('link', { name: 'New project' }).click();
		await page.getByLabel('Project name').fill(projectName);
		await page.getByLabel('Source language').fill('zh-Hans');
		await page.getByLabel('Target language').fill('english please');
		await page.getByRole('button', { name: 'Create project' }).click();
		const target = page.getByLabel('Target language');
		await expect(target).toHaveAccessibleDescription(/not a valid BCP 47 language tag/);
		await expect(target).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Project name')).toHaveValue(projectName);

		await target.fill('en');
		await page.getByRole('button', { name: 'Create project' }).click();
		await expect(page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
	});
	const projectUrl = new URL(page.url()).pathname;
	expect(projectUrl).toMatch(/^\/projects\/[^/]+$/);

	await test.step('add a translator by email', async () => {
		await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Members' }).click();
		await page.getByLabel('Email').fill(member.email);
		await page.getByLabel('Role', { exact: true }).selectOption('translator');
		await page.getByRole('button', { name: 'Add member' }).click();
		await expect(page.getByRole('status')).toHaveText(`${member.name} (${member.email}) joined as translator.`);
		await expect(page.getByLabel(`Role of ${member.name}`)).toHaveValue('translator');
	});

	await test.step('the member sees and opens the project', async () => {
		const memberPage = await memberContext.newPage();
		await memberPage.goto('/projects');
		await memberPage.getByRole('link', { name: projectName }).click();
		await expect(memberPage.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
		await expect(memberPage.getByTitle('Your role in this project')).toHaveText('translator');
	});

	await test.step('someone who is not a member gets a 404', async () => {
		const outsiderPage = await outsiderContext.newPage();
		for (const path of [projectUrl, `${projectUrl}/members`]) {
			const response = await outsiderPage.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(outsiderPage.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
			await expect(outsiderPage.getByText(projectName)).toHaveCount(0);
		}
	});

	await test.step('the owner makes the member a reviewer', async () => {
		await page.getByLabel(`Role of ${member.name}`).selectOption('reviewer');
		await page.getByRole('row').filter({ hasText: member.email }).getByRole('button', { name: 'Change' }).click();
		await expect(page.getByRole('status')).toHaveText('Role updated.');
		await expect(page.getByLabel(`Role of ${member.name}`)).toHaveValue('reviewer');
		await page.reload();
		await expect(page.getByLabel(`Role of ${member.name}`)).toHaveValue('reviewer');

		const memberPage = await memberContext.newPage();
		await memberPage.goto(`${projectUrl}/members`);
		await expect(memberPage.getByRole('row').filter({ hasText: member.email })).toContainText('reviewer');
	});

	await memberContext.close();
	await outsiderContext.close();
});

test('an API token is shown once, works as a bearer token and stops working when revoked', async ({ page, request }) => {
	const user = await signUp(page.request, 'Scripter');
	const label = 'CMS import script';
	await page.goto('/settings');
	await page.getByLabel('Label').fill(label);
	await page.getByRole('button', { name: 'Create token' }).click();
	await expect(page.getByRole('status')).toContainText('it will not be shown again');
	const token = await page.getByLabel('New API token').inputValue();
	expect(token.length).toBeGreaterThanOrEqual(32);

	const api = apiClient(request, { token });
	expect(await api.me()).toMatchObject({ email: user.email, name: user.name });

	// Shown once: after a reload only the token's short hint is left.
	await page.reload();
	await expect(page.getByLabel('New API token')).toHaveCount(0);
	await expect(page.getByText(token)).toHaveCount(0);
	const row = page.getByRole('row').filter({ hasText: label });
	await expect(row).toHaveCount(1);

	page.on('dialog', (dialog) => void dialog.accept());
	await row.getByRole('button', { name: new RegExp(`^Revoke ${label} \\(rdn_`) }).click();
	await expect(row.getByText(/^Revoked/)).toBeVisible();
	await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
});

test('double-clicking “Create project” creates one project', async ({ page }) => {
	await signUp(page.request, 'Doubler');
	const projectName = `Double click ${Date.now()}`;
	await page.goto('/projects/new');
	await page.getByLabel('Project name').fill(projectName);
	await page.getByRole('button', { name: 'Create project' }).dblclick();
	await expect(page.getByRole('heading', { name: projectName, level: 1 })).toBeVisible();
	await page.goto('/projects');
	await expect(page.getByRole('link', { name: projectName })).toHaveCount(1);
});

test('a project form sent twice, as a browser without JavaScript resends it, creates one project', async ({ page }) => {
	await signUp(page.request, 'Resender');
	const projectName = `Resent ${Date.now()}`;
	await page.goto('/projects/new');
	const idempotencyKey = await page.locator('input[name="idempotencyKey"]').inputValue();
	const origin = new URL(page.url()).origin;
	const send = () =>
		page.request.post('/projects/new', {
			form: { name: projectName, sourceLang: 'zh-Hans', targetLang: 'en', idempotencyKey },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
	const [first, second] = await Promise.all([send(), send()]);
	expect([first.status(), second.status()]).toEqual([303, 303]);
	expect(second.headers().location).toBe(first.headers().location);
	await page.goto('/projects');
	await expect(page.getByRole('link', { name: projectName })).toHaveCount(1);
});

test('an owner renames and deletes a document, seen in the audit log; a translator has no such controls', async ({ browser, page }) => {
	await signUp(page.request, 'Owner');
	const translatorContext = await browser.newContext();
	const translator = await signUp(translatorContext.request, 'Translator');
	const api = apiClient(page.request);
	const project = await api.projects.create({ name: `Settings ${Date.now()}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.projects.addMember(project.id, { email: translator.email, role: 'translator' });
	const { id } = await api.projects.importDocument(project.id, { title: 'Draft bulletin', source: '第一段。\n\n第二段。', translation: 'First.\n\nSecond.' });
	const settings = `/projects/${project.slug}/documents/${id}/settings`;

	await test.step('a translator sees the settings tab without rename or delete', async () => {
		const translatorPage = await translatorContext.newPage();
		await translatorPage.goto(`/projects/${project.slug}/documents/${id}`);
		await translatorPage.getByRole('navigation', { name: 'Document' }).getByRole('link', { name: 'Settings' }).click();
		await expect(translatorPage.getByText('Only project owners rename or delete documents.')).toBeVisible();
		await expect(translatorPage.getByRole('button', { name: /Rename|Delete/ })).toHaveCount(0);
		await expect(translatorPage.getByLabel('Title')).toHaveCount(0);
		await translatorPage.screenshot({ path: test.info().outputPath('translator-settings.png'), fullPage: true });
	});

	await test.step('the owner renames it, after a title that is too long', async () => {
		await page.goto(settings);
		await page.getByLabel('Title').fill('x'.repeat(301));
		await page.getByRole('button', { name: 'Rename document' }).click();
		await expect(page.getByLabel('Title')).toHaveAccessibleDescription(/at most 300 characters/);
		await page.getByLabel('Title').fill('Evening bulletin');
		await page.getByRole('button', { name: 'Rename document' }).click();
		await expect(page.getByRole('status')).toHaveText('Renamed to “Evening bulletin”.');
		await expect(page.getByRole('heading', { name: 'Evening bulletin', level: 1 })).toBeVisible();
	});

	await test.step('the owner deletes it after a confirmation that names what is lost', async () => {
		await page.getByRole('button', { name: 'Delete document…' }).click();
		const dialog = page.getByRole('dialog', { name: 'Delete “Evening bulletin”?' });
		await expect(dialog).toBeVisible();
		await expect(dialog).toContainText('2 segments');
		await expect(dialog).toContainText('2 revisions');
		await expect(dialog).toContainText('0 review rounds');
		await expect(dialog).toContainText('0 comments');
		await page.screenshot({ path: test.info().outputPath('delete-dialog.png') });
		await dialog.getByRole('button', { name: 'Delete document' }).click();
		await expect(page).toHaveURL(new RegExp(`/projects/${project.slug}$`));
		await expect(page.getByRole('link', { name: 'Evening bulletin' })).toHaveCount(0);
	});

	await test.step('the project’s audit log keeps both', async () => {
		await page.goto(`/projects/${project.slug}/audit`);
		await expect(page.getByText('renamed “Draft bulletin” to “Evening bulletin”')).toBeVisible();
		await expect(page.getByText(/deleted “Evening bulletin” \(2 segments, 2 revisions, 0 comments\)/)).toBeVisible();
	});

	await translatorContext.close();
});
