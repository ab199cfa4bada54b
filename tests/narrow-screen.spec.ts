import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { apiClient, signUp } from './helpers';

// A common phone in portrait (iPhone 12 to 15).
const PHONE = { width: 390, height: 844 };

const SOURCE = ['哈尔滨市周日举办文化节，吸引了来自全国各地的数万名游客。', '市政府表示，明年将继续举办并扩大规模。'].join('\n\n');
const MT = [
	'Harbin City held a culture festival on Sunday, attracted tens of thousands tourists from all over country.',
	'The city government said will continue to hold next year and expand scale.'
].join('\n\n');

async function phonePage(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: PHONE });
	return context.newPage();
}

async function approveAll(request: APIRequestContext, documentId: number) {
	const api = apiClient(request);
	const { segments } = await api.documents.get(documentId);
	for (const s of segments) await api.segments.approve(s.id, { revisionId: s.revisionId! });
}

/**
 * Sideways scrolling is measured on the root element: a page fits when nothing makes the document
 * wider than the viewport. Wide content may still scroll inside its own container.
 */
async function expectNoSidewaysScroll(page: Page, name: string) {
	const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
		const root = document.documentElement;
		const sticksOut = (el: Element | null) => !!el && el.checkVisibility() && el.getBoundingClientRect().right > root.clientWidth + 0.5;
		// Names the outermost elements that stick out, so a failure says where to look.
		const culprits = [...document.querySelectorAll('body *')]
			.filter((el) => sticksOut(el) && !sticksOut(el.parentElement))
			.slice(0, 5)
			.map((el) => [el.tagName.toLowerCase(), ...el.classList].filter((c) => !c.startsWith('svelte-')).join('.'));
		return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
	});
	await page.screenshot({ path: test.info().outputPath(`${name.replaceAll(/\W+/g, '-')}.png`), fullPage: true });
	expect
		.soft(scrollWidth, `${name} (${page.url()}) scrolls sideways at ${PHONE.width} px: ${scrollWidth} > ${clientWidth}; sticking out: ${culprits.join(', ')}`)
		.toBeLessThanOrEqual(clientWidth);
}

test(`every main page fits a ${PHONE.width} px wide phone without sideways scrolling`, async ({ browser }) => {
	test.setTimeout(90_000);
	const owner = await phonePage(browser);
	const reviewer = await phonePage(browser);
	const reviewerUser = await signUp(reviewer.request, 'Reviewer');
	await signUp(owner.request, 'Owner');

	const api = apiClient(owner.request);
	const { id: projectId, slug } = await api.projects.create({
		name: `Heilongjiang Provincial Evening News ${Date.now()}`,
		sourceLang: 'zh-Hans',
		targetLang: 'en'
	});
	await api.projects.addMember(projectId, { email: reviewerUser.email, role: 'reviewer' });
	const createDocument = async (title: string) => (await api.projects.importDocument(projectId, { title, source: SOURCE, translation: MT, format: 'text' })).id;
	const published = await createDocument('Harbin holds its winter culture festival');
	const waiting = await createDocument('City government plans a larger festival');
	for (const id of [published, waiting]) await api.documents.submit(id, { note: 'Ready.', includeUnconfirmed: true });
	await approveAll(reviewer.request, published);
	await api.documents.publish(published);

	const guest = await phonePage(browser);
	await guest.goto('/login');
	await expect(guest.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoSidewaysScroll(guest, 'login');

	const ownerPages: [string, string, (page: Page) => Locator][] = [
		['projects list', '/projects', (page) => page.getByRole('heading', { level: 1 })],
		['project page', `/projects/${slug}`, (page) => page.getByRole('heading', { level: 1 })],
		['project members', `/projects/${slug}/members`, (page) => page.getByRole('heading', { level: 1 })],
		// Segment rows off screen are not laid out (content-visibility): bring the last one into view.
		['document workspace', `/projects/${slug}/documents/${waiting}`, (page) => page.getByRole('button', { name: 'History of segment 2' })]
	];
	for (const [name, path, ready] of ownerPages) {
		await owner.goto(path);
		await ready(owner).scrollIntoViewIfNeeded();
		await expect(ready(owner)).toBeVisible();
		await expectNoSidewaysScroll(owner, name);
	}

	await test.step('the Publish tab: each version’s actions are on screen, not off to the side of a table', async () => {
		await owner.goto(`/projects/${slug}/documents/${published}/publish`);
		await expect(owner.getByRole('heading', { name: 'Versions' })).toBeVisible();
		await expectNoSidewaysScroll(owner, 'publish tab');
		// Measured without scrolling them into view, which would scroll a table sideways to reach them.
		for (const control of [owner.getByRole('button', { name: /^Unpublish/ }), owner.getByRole('link', { name: 'Public page of version 1' })]) {
			const box = await control.boundingBox();
			expect(box, 'the control is laid out').not.toBeNull();
			expect(box!.x + box!.width, `${await control.textContent()} ends within the screen`).toBeLessThanOrEqual(PHONE.width);
		}
	});

	await reviewer.goto('/review');
	await expect(reviewer.getByRole('link', { name: 'City government plans a larger festival' })).toBeVisible();
	await expectNoSidewaysScroll(reviewer, 'review queue');

	await guest.goto(`/p/${published}`);
	await expect(guest.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoSidewaysScroll(guest, 'public page');

	await test.step('every main link of the top bar is on screen', async () => {
		await owner.goto('/projects');
		const main = owner.getByRole('navigation', { name: 'Main' });
		for (const name of ['Projects', 'My work', 'Review']) await expect(main.getByRole('link', { name })).toBeInViewport({ ratio: 1 });
		await expect(owner.getByRole('link', { name: /^Notifications/ })).toBeInViewport({ ratio: 1 });
	});

	await test.step('the account menu stays usable by keyboard and opens within the screen', async () => {
		const summary = owner.getByLabel(/^Account menu for/);
		await summary.focus();
		await owner.keyboard.press('Enter');
		const logOut = owner.getByRole('button', { name: 'Log out' });
		await expect(logOut).toBeVisible();
		const menu = owner.getByRole('group').filter({ has: summary });
		const box = await menu.getByRole('link', { name: 'Settings and API tokens' }).boundingBox();
		expect(box, 'the menu panel is laid out').not.toBeNull();
		expect(box!.x, 'the menu panel starts on screen').toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width, 'the menu panel ends on screen').toBeLessThanOrEqual(PHONE.width);
		await expectNoSidewaysScroll(owner, 'projects list with the account menu open');
		await owner.keyboard.press('Escape');
		await expect(logOut).toBeHidden();
		await expect(summary).toBeFocused();
	});

	await Promise.all([owner, reviewer, guest].map((p) => p.context().close()));
});
