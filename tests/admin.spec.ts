import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, logIn, signUp } from './helpers';

test('an administrator disables a user, who is logged out at once and cannot log in', async ({ browser, page }) => {
	const user = await signUp(page.request, 'Disposable');
	await page.goto('/projects');
	await expect(page.getByRole('banner')).toContainText(user.name);

	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await logIn(admin.request, DEMO_ADMIN);
	await admin.goto('/admin');
	const row = admin.getByRole('row').filter({ hasText: user.email });
	await expect(row.getByText('Active', { exact: true })).toBeVisible();

	const questions: string[] = [];
	admin.on('dialog', (dialog) => {
		questions.push(dialog.message());
		void dialog.accept();
	});
	await admin.getByRole('button', { name: `Disable ${user.name}` }).click();
	await expect(admin.getByRole('status')).toHaveText('User disabled and logged out everywhere.');
	await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
	expect(questions).toEqual([expect.stringContaining(`Disable ${user.name}?`)]);

	// The user's next request finds no session.
	await page.reload();
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprojects$/);
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toHaveText(/^This account has been disabled/);
	await expect(page).toHaveURL(/\/login/);

	// Enabling the account lets them back in.
	await admin.getByRole('button', { name: `Enable ${user.name}` }).click();
	await expect(admin.getByRole('status')).toHaveText('User enabled.');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL('/projects');
	await adminContext.close();
});
