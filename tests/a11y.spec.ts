import { expect, test } from '@playwright/test';
import { createProject, DEMO_ADMIN, expectNoSeriousViolations, logIn, signUp } from './helpers';

test('the login and registration pages', async ({ page }) => {
	await page.goto('/login');
	await expectNoSeriousViolations(page);
	await page.getByLabel('Email').fill('nobody@e2e.test');
	await page.getByLabel('Password').fill('not-the-password');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoSeriousViolations(page);

	await page.goto('/register');
	await expectNoSeriousViolations(page);
});

test('the projects list and the new project form with an error', async ({ page }) => {
	await signUp(page.request, 'Owner');
	await page.goto('/projects');
	await expectNoSeriousViolations(page);

	await page.goto('/projects/new');
	await page.getByLabel('Project name').fill('Not created');
	await page.getByLabel('Target language').fill('not a language');
	await page.getByRole('button', { name: 'Create project' }).click();
	await expect(page.getByLabel('Target language')).toHaveAttribute('aria-invalid', 'true');
	await expectNoSeriousViolations(page);

	await createProject(page.request, `Accessible ${Date.now()}`);
	await page.goto('/projects');
	await expectNoSeriousViolations(page);
});

test('a project overview and its members page, as the owner', async ({ page }) => {
	await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `Accessible ${Date.now()}`);
	await page.goto(`/projects/${slug}`);
	await expectNoSeriousViolations(page);

	await page.goto(`/projects/${slug}/members`);
	await page.getByLabel('Email').fill(`nobody-${Date.now()}@e2e.test`);
	await page.getByRole('button', { name: 'Add member' }).click();
	await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
	await expectNoSeriousViolations(page);
});

test('the not-found page', async ({ page }) => {
	await signUp(page.request);
	const response = await page.goto('/projects/no-such-project');
	expect(response?.status()).toBe(404);
	await expectNoSeriousViolations(page);
});

test('the settings page, with a new token shown', async ({ page }) => {
	await signUp(page.request, 'Settings');
	await page.goto('/settings');
	await expectNoSeriousViolations(page);
	await page.getByLabel('Label').fill('Axe');
	await page.getByRole('button', { name: 'Create token' }).click();
	await expect(page.getByLabel('New API token')).toBeVisible();
	await expectNoSeriousViolations(page);
});

test('the admin page, as the demo administrator', async ({ page }) => {
	await logIn(page.request, DEMO_ADMIN);
	await page.goto('/admin');
	await expectNoSeriousViolations(page);
});
