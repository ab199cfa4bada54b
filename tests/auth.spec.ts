import { expect, test } from '@playwright/test';
import { newUser, signUp } from './helpers';

test('a new user registers, logs out and logs in again', async ({ page, context }) => {
	const user = newUser('Reader');
	await page.goto('/register');
	await page.getByLabel('Name').fill(user.name);
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL('/projects');
	await expect(page.getByRole('banner')).toContainText(user.name);
	const session = (await context.cookies()).find((c) => c.name === 'rendition_session')!;

	await page.getByLabel(`Account menu for ${user.name}`).click();
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL('/login');
	await expect(page.getByRole('banner')).not.toContainText(user.name);

	// Logging out ends the session on the server: the old cookie no longer opens anything.
	await context.addCookies([session]);
	await page.goto('/projects');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprojects$/);

	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL('/projects');
	await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
	await expect(page.getByRole('banner')).toContainText(user.name);
});

test('a wrong password shows an error and stays on the login page', async ({ page, request }) => {
	const user = await signUp(request);
	await page.goto('/login');
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(`${user.password}-wrong`);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
	await expect(page).toHaveURL('/login');
	await expect(page.getByLabel('Email')).toHaveValue(user.email);
	await expect(page.getByLabel(/^Account menu/)).toHaveCount(0);
});

test('the session cookie is HttpOnly and SameSite=Lax; the device cookie goes to the login page only', async ({ page, context }) => {
	await signUp(page.request);
	const cookies = await context.cookies();
	expect(cookies.map((c) => c.name).sort()).toEqual(['rendition_device', 'rendition_session']);
	const session = cookies.find((c) => c.name === 'rendition_session')!;
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
	// The cookie outlives the browser session (30 days, sliding), so it must carry an expiry.
	expect(session.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 24 * 3600);
	// It tells the login throttle this browser has logged in to the account before.
	expect(cookies.find((c) => c.name === 'rendition_device')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/login' });
	await page.goto('/projects');
	await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
});

test('double-clicking “Create token” makes one token and shows it once', async ({ page }) => {
	await signUp(page.request, 'Tokens');
	await page.goto('/settings');
	const label = `Double ${Date.now()}`;
	await page.getByLabel('Label').fill(label);
	await page.getByRole('button', { name: 'Create token' }).dblclick();
	await expect(page.getByRole('status')).toContainText(`Token “${label}” created.`);
	await expect(page.getByLabel('New API token')).toHaveValue(/^rdn_/);
	await expect(page.getByRole('row').filter({ hasText: label })).toHaveCount(1);
});

test('after too many wrong passwords the login page says when to retry, and the owner’s own browser still gets in', async ({ page, context, browser }) => {
	// Registering leaves this browser logged in and known to the account; log it out but keep that.
	const user = await signUp(page.request);
	await context.clearCookies({ name: 'rendition_session' });

	const stranger = await browser.newContext();
	const strangerPage = await stranger.newPage();
	await strangerPage.goto('/login');
	const tryPassword = async (password: string) => {
		await strangerPage.getByLabel('Email').fill(user.email);
		await strangerPage.getByLabel('Password').fill(password);
		await strangerPage.getByRole('button', { name: 'Log in' }).click();
	};
	for (let i = 0; i < 5; i++) {
		await tryPassword(`guess-${i}`);
		await expect(strangerPage.getByRole('alert')).toHaveText('Wrong email or password.');
		await expect(strangerPage.getByRole('button', { name: 'Log in' })).toBeEnabled();
	}
	await tryPassword(user.password);
	await expect(strangerPage.getByRole('alert')).toHaveText(/^Too many failed logins for this account from your network address\. Try again in 15 minutes/);
	await expect(strangerPage).toHaveURL('/login');
	await stranger.close();

	await page.goto('/login');
	await page.getByLabel('Email').fill(user.email);
	await page.getByLabel('Password').fill(user.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL('/projects');
});
