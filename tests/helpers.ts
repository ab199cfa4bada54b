import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createApiClient, type ApiClient, type Fetch } from '../src/lib/api';

export const DEMO_ADMIN = { name: 'Ada Admin', email: 'admin@rendition.test', password: 'rendition-demo' };

export interface TestUser {
	name: string;
	email: string;
	password: string;
}

/** A user nobody else has made: tests run in parallel and on databases that already hold data. */
export function newUser(label = 'User'): TestUser {
	const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	return { name: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@e2e.test`, password: `pass-${id}` };
}

// Posting the form straight to its action logs a context in without rendering the page: the
// session cookie lands in the context's cookie jar, as the browser would store it. SvelteKit
// refuses cross-site form posts, so the request names this site as its origin; Accept asks for
// the browser's redirect rather than the JSON an enhanced form receives.
async function postForm(request: APIRequestContext, path: string, form: Record<string, string>) {
	const origin = test.info().project.use.baseURL;
	if (!origin) throw new Error('playwright.config.ts sets no baseURL');
	return request.post(path, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
}

/**
 * Registers a fresh account. Pass `page.request` (or `context.request`) to leave that browser
 * logged in as the new user; pass the `request` fixture to only create the account.
 */
export async function signUp(request: APIRequestContext, label?: string): Promise<TestUser> {
	const user = newUser(label);
	const response = await postForm(request, '/register', { ...user });
	expect(response.status(), `registering ${user.email}`).toBe(303);
	expect(response.headers().location).toBe('/projects');
	return user;
}

/** Logs a browser context in as an existing user, for tests where login is not the subject. */
export async function logIn(request: APIRequestContext, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
	const response = await postForm(request, '/login', { email: user.email, password: user.password });
	expect(response.status(), `logging in ${user.email}`).toBe(303);
}

/** Creates a project owned by the logged-in user of `request` and returns its slug. */
export async function createProject(request: APIRequestContext, name: string): Promise<string> {
	const response = await postForm(request, '/projects/new', { name, sourceLang: 'zh-Hans', targetLang: 'en' });
	expect(response.status(), `creating project ${name}`).toBe(303);
	const slug = /^\/projects\/([^/]+)$/.exec(response.headers().location ?? '')?.[1];
	if (!slug) throw new Error(`unexpected redirect after creating a project: ${response.headers().location}`);
	return slug;
}

/**
 * The typed API client over a Playwright request context: with the context's session cookie (and
 * this site as the Origin, as a browser would send it), or with `token` instead.
 */
export function apiClient(request: APIRequestContext, options: { token?: string } = {}): ApiClient {
	const origin = test.info().project.use.baseURL;
	if (!origin) throw new Error('playwright.config.ts sets no baseURL');
	return apiClientAt(request, origin, options);
}

/** The same, for a server at another origin than the tests' own (a second app process). */
export function apiClientAt(request: APIRequestContext, origin: string, options: { token?: string } = {}): ApiClient {
	const fetch: Fetch = async (url, init) => {
		const response = await request.fetch(new URL(url, origin).toString(), {
			method: init.method,
			headers: init.headers as Record<string, string>,
			data: init.body as string | undefined,
			maxRedirects: 0
		});
		const empty = response.status() === 204 || response.status() === 304;
		return new Response(empty ? null : await response.text(), { status: response.status(), headers: response.headers() });
	};
	return createApiClient(fetch, { token: options.token, headers: { origin } });
}

/** Fails with every serious or critical axe violation listed with the elements it found. */
export async function expectNoSeriousViolations(page: Page) {
	await page.getByRole('heading', { level: 1 }).first().waitFor();
	const { violations } = await new AxeBuilder({ page }).analyze();
	const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	const report = serious
		.map((v) =>
			[
				`${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`,
				...v.nodes.map((n) => `  ${n.target.join(' ')}\n    ${n.failureSummary?.replaceAll('\n', '\n    ')}`)
			].join('\n')
		)
		.join('\n');
	expect(report, `serious or critical axe violations on ${page.url()}`).toBe('');
}
