import { expect, test } from '@playwright/test';

test('the demo translator logs in and sees the demo project', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await page.getByLabel('Email').fill('translator@rendition.test');
	await page.getByLabel('Password').fill('rendition-demo');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'Heilongjiang Daily (demo)' }).click();
	await expect(page.getByRole('heading', { name: 'Heilongjiang Daily (demo)', level: 1 })).toBeVisible();
	await expect(page.getByText('Simplified Chinese (zh-Hans)')).toBeVisible();
	await expect(page.getByText('translator', { exact: true })).toBeVisible();
});

test('the login page lists the demo accounts only on the embedded database', async ({ page }) => {
	await page.goto('/login');
	const demo = page.getByRole('complementary', { name: 'Demo accounts' });
	if (process.env.TEST_DATABASE_URL) await expect(demo).toHaveCount(0);
	else await expect(demo).toContainText('translator@rendition.test');
});
