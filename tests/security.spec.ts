import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiClient, DEMO_ADMIN, logIn, signUp, type TestUser } from './helpers';

// What a browser does with the security headers: app pages cannot be framed by another site,
// no script runs that the Content-Security-Policy does not allow (and the app needs none), and
// an API token opens the API but no page.

const SOURCE = ['哈尔滨市周日举办文化节。', '活动吸引了数万名游客。'].join('\n\n');
const MT = ['Harbin City held a culture festival on Sunday.', 'The event attracted tens of thousands tourists.'].join('\n\n');

/** Every CSP violation the page reports, as "directive blocked-uri (where)", across navigations. */
async function watchViolations(page: Page): Promise<string[]> {
	const found: string[] = [];
	await page.exposeBinding('__reportViolation', ({ frame }, text: string) => found.push(`${frame.url()}: ${text}`));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation;
			report(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
		});
	});
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) found.push(`${page.url()}: console: ${message.text()}`);
	});
	return found;
}

/**
 * A project owned by `owner` (logged in on `page`) with a reviewer, holding one document that
 * the owner edited and submitted and the reviewer approved.
 */
async function projectWithApprovedDocument(browser: Browser, page: Page, owner: TestUser) {
	const reviewerContext = await browser.newContext();
	const reviewer = await signUp(reviewerContext.request, 'Reviewer');
	const api = apiClient(page.request);
	const { id: projectId, slug } = await api.projects.create({ name: `Security ${owner.email}`, sourceLang: 'zh-Hans', targetLang: 'en' });
	await api.projects.addMember(projectId, { email: reviewer.email, role: 'reviewer' });
	const { id } = await api.projects.importDocument(projectId, { title: 'Harbin festival', source: SOURCE, translation: MT, format: 'text' });
	return {
		slug,
		id,
		url: `/projects/${slug}/documents/${id}`,
		/** Submits as the owner and approves every segment as the reviewer. */
		async approve() {
			await api.documents.submit(id, { includeUnconfirmed: true });
			const asReviewer = apiClient(reviewerContext.request);
			for (const s of (await asReviewer.documents.get(id)).segments) await asReviewer.segments.approve(s.id, { revisionId: s.revisionId! });
		},
		close: () => reviewerContext.close()
	};
}

test('the main pages run under the Content-Security-Policy without a single violation', async ({ browser, page, request }) => {
	test.setTimeout(120_000);
	const violations = await watchViolations(page);
	const owner = await signUp(request, 'Owner');

	await test.step('log in through the form', async () => {
		await page.goto('/login');
		await page.getByLabel('Email').fill(owner.email);
		await page.getByLabel('Password').fill(owner.password);
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
	});

	const doc = await projectWithApprovedDocument(browser, page, owner);
	await test.step('edit a segment in the workspace (ProseMirror, hydration, the progress bar)', async () => {
		await page.goto(`/projects/${doc.slug}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto(doc.url);
		await page.getByRole('textbox', { name: 'Translation of segment 1', exact: true }).click();
		const editor = page.locator('[contenteditable="true"][aria-label="Translation of segment 1"]');
		await expect(editor).toBeFocused();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('Harbin held a cultural festival on Sunday.');
		await page.keyboard.press('ControlOrMeta+Enter');
		await expect(page.getByRole('listitem', { name: 'Segment 1', exact: true }).getByText('Edited', { exact: true })).toBeVisible();
		await expect(page.getByRole('progressbar', { name: 'Confirmed' })).toHaveAttribute('aria-valuenow', '1');
		await page.getByRole('button', { name: 'History of segment 1' }).click();
		await expect(page.getByRole('dialog', { name: 'History of segment 1' })).toBeVisible();
	});

	await test.step('review, publish and read the public page', async () => {
		await doc.approve();
		await page.goto('/review');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto(`${doc.url}/review`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto(`${doc.url}/publish`);
		await page.getByRole('button', { name: 'Publish version 1' }).click();
		await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
		await page.goto(`/p/${doc.id}`);
		await expect(page.getByText('Harbin held a cultural festival on Sunday.')).toBeVisible();
		await page.goto(`/p/${doc.id}?view=source`);
		await expect(page.getByText('哈尔滨市周日举办文化节。')).toBeVisible();
	});

	await test.step('the project’s other pages', async () => {
		for (const path of [`${doc.url}/changes`, `${doc.url}/audit`, `${doc.url}/settings`, `/projects/${doc.slug}/members`, `/projects/${doc.slug}/webhooks`]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible();
		}
		await page.goto(`/projects/${doc.slug}/documents/new`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto('/notifications');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto('/projects/no-such-project');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	});

	await test.step('settings: create a token', async () => {
		await page.goto('/settings');
		await page.getByLabel('Label').fill('CSP walk');
		await page.getByRole('button', { name: 'Create token' }).click();
		await expect(page.getByLabel('New API token')).toHaveValue(/^rdn_/);
	});

	await test.step('the admin page', async () => {
		const adminContext = await browser.newContext();
		const admin = await adminContext.newPage();
		const adminViolations = await watchViolations(admin);
		await logIn(adminContext.request, DEMO_ADMIN);
		await admin.goto('/admin');
		await expect(admin.getByRole('heading', { level: 1 })).toBeVisible();
		await admin.getByLabel(`Account menu for ${DEMO_ADMIN.name}`).click();
		await admin.getByRole('button', { name: 'Log out' }).click();
		await expect(admin).toHaveURL('/login');
		violations.push(...adminViolations);
		await adminContext.close();
	});

	await doc.close();
	expect(violations).toEqual([]);
});

test('a script injected into an app page does not run', async ({ page }) => {
	const violations = await watchViolations(page);
	await signUp(page.request);
	await page.goto('/projects');
	await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
	// As markup that slipped through would: an inline script element and an inline event handler.
	await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__ran = "script"';
		document.body.append(script);
		document.body.insertAdjacentHTML('beforeend', '<img alt="" src="/favicon.svg" onload="window.__ran = \'handler\'">');
	});
	await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
	expect(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran)).toBeUndefined();
	expect(violations.join('\n')).toMatch(/script-src-elem/);
	expect(violations.join('\n')).toMatch(/script-src-attr/);
});

/** A site of its own on this host whose page frames `?src=`, as a site trying to pass the app off as its own would. */
async function framingSite(): Promise<{ framing: (url: string) => string; close: () => Promise<void> }> {
	const site = http.createServer((req, res) => {
		const src = new URL(req.url ?? '/', 'http://localhost').searchParams.get('src') ?? '';
		const attribute = src.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
		res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Win a prize</title><iframe title="victim" src="${attribute}"></iframe>`);
	});
	await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
	const origin = `http://localhost:${(site.address() as AddressInfo).port}`;
	return { framing: (url) => `${origin}/?src=${encodeURIComponent(url)}`, close: () => new Promise((resolve) => site.close(() => resolve())) };
}

const framedPage = (page: Page) => page.frames().find((f) => f !== page.mainFrame());

test('another site on the same host cannot frame the publish tab, nor public pages unless the project allows it', async ({ browser, page, baseURL }) => {
	const owner = await signUp(page.request, 'Owner');
	const doc = await projectWithApprovedDocument(browser, page, owner);
	await doc.approve();
	await apiClient(page.request).documents.publish(doc.id);
	// Another port of the same host is the same site: the session cookie (SameSite=Lax) goes along.
	const attacker = await framingSite();

	await test.step('the publish tab, with its Unpublish button', async () => {
		const target = `${baseURL}${doc.url}/publish`;
		const framed = page.waitForResponse(target);
		await page.goto(attacker.framing(target));
		const response = await framed;
		// The page itself was served, as its owner's: only the browser's refusal keeps it out.
		expect(response.status()).toBe(200);
		await expect.poll(() => framedPage(page)?.url()).toMatch(/^chrome-error:/);
		await expect(page.frameLocator('iframe').getByRole('button', { name: /Unpublish/ })).toHaveCount(0);
		expect(response.headers()['x-frame-options']).toBe('DENY');
	});

	const publicPage = `${baseURL}/p/${doc.id}`;
	await test.step('a public page, by default', async () => {
		const framed = page.waitForResponse(publicPage);
		await page.goto(attacker.framing(publicPage));
		expect((await framed).status()).toBe(200);
		await expect.poll(() => framedPage(page)?.url()).toMatch(/^chrome-error:/);
	});

	await test.step('a public page, once an owner lets other sites embed them', async () => {
		await page.goto(`/projects/${doc.slug}/members`);
		await page.getByLabel('Other sites may embed the public pages in a frame').check();
		await page.getByRole('button', { name: 'Save embedding' }).click();
		await expect(page.getByRole('status')).toHaveText('Other sites may now embed the public pages.');
		// Another address of the page: browsers keep the first one's answer (and its headers) for a minute.
		await page.goto(attacker.framing(`${publicPage}/v/1`));
		await expect(page.frameLocator('iframe').getByText('Harbin City held a culture festival on Sunday.')).toBeVisible();
	});

	await attacker.close();
	await doc.close();
});

test('an API token opens the API but no page', async ({ browser, page, playwright, baseURL }) => {
	await signUp(page.request, 'Tokens');
	await page.goto('/settings');
	await page.getByLabel('Label').fill('Script');
	await page.getByRole('button', { name: 'Create token' }).click();
	const token = await page.getByLabel('New API token').inputValue();
	const authorization = `Bearer ${token}`;

	const script = await playwright.request.newContext({ baseURL });
	expect((await script.get('/api/v1/me', { headers: { authorization } })).status()).toBe(200);
	for (const path of ['/settings', '/projects', '/admin']) {
		const res = await script.get(path, { headers: { authorization }, maxRedirects: 0 });
		expect(res.status(), path).toBe(303);
		expect(res.headers().location, path).toMatch(/^\/login\?redirectTo=/);
	}
	const minted = await script.post('/settings?/create', {
		headers: { authorization, origin: baseURL!, accept: 'text/html' },
		form: { label: 'Minted' },
		maxRedirects: 0
	});
	expect(minted.headers().location).toMatch(/^\/login\?redirectTo=/);
	await script.dispose();

	// A browser that sends the token on every request is not logged in by it either.
	const context = await browser.newContext({ extraHTTPHeaders: { authorization } });
	const tokenPage = await context.newPage();
	await tokenPage.goto('/settings');
	await expect(tokenPage).toHaveURL(/\/login\?redirectTo=%2Fsettings$/);
	await context.close();

	await page.reload();
	await expect(page.getByRole('row').filter({ hasText: 'Minted' })).toHaveCount(0);
});
