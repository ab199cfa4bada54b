import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, failureMessage, isConflict, isPublishRefused, type Fetch } from './client';

// The client against a fake fetch: what it sends, what it returns, what it throws.

interface Sent {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: unknown;
}

function fakeFetch(status: number, answer?: unknown, contentType = 'application/json'): { fetch: Fetch; sent: Sent[] } {
	const sent: Sent[] = [];
	const fetch: Fetch = async (url, init) => {
		sent.push({
			url,
			method: init.method ?? 'GET',
			headers: init.headers as Record<string, string>,
			body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body
		});
		const text = answer === undefined ? null : typeof answer === 'string' ? answer : JSON.stringify(answer);
		return new Response(status === 204 ? null : text, { status, headers: { 'content-type': contentType } });
	};
	return { fetch, sent };
}

const project = {
	id: 4,
	slug: 'news',
	name: 'News',
	sourceLang: 'zh-Hans',
	targetLang: 'en',
	createdAt: '2026-12-01T00:00:00.000Z',
	role: 'owner',
	memberCount: 1
};

describe('createApiClient', () => {
	it('sends a JSON body with the token to /api/v1 under the base URL, and returns the answer', async () => {
		const { fetch, sent } = fakeFetch(201, project);
		const api = createApiClient(fetch, { baseUrl: 'http://localhost:3000', token: 'rdn_secret' });
		const created = await api.projects.create({ name: 'News', sourceLang: 'zh-Hans', targetLang: 'en' });
		expect(created).toEqual(project);
		expect(sent).toEqual([
			{
				url: 'http://localhost:3000/api/v1/projects',
				method: 'POST',
				headers: { accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer rdn_secret' },
				body: { name: 'News', sourceLang: 'zh-Hans', targetLang: 'en' }
			}
		]);
	});

	it('sends no body, no content type and no token on a GET with the session cookie, and adds the given headers', async () => {
		const { fetch, sent } = fakeFetch(200, { id: 1, email: 'a@b.test', name: 'A', role: 'user' });
		const api = createApiClient(fetch, { headers: { origin: 'http://localhost:4173' } });
		expect((await api.me()).email).toBe('a@b.test');
		expect(sent[0]).toEqual({ url: '/api/v1/me', method: 'GET', headers: { accept: 'application/json', origin: 'http://localhost:4173' }, body: undefined });
	});

	it('sends an empty JSON object on a POST without input: a cookie-authenticated change must be a JSON request', async () => {
		const { fetch, sent } = fakeFetch(200, { resolved: 2 });
		expect(await createApiClient(fetch).segments.resolveThread(12)).toEqual({ resolved: 2 });
		expect(sent[0]).toMatchObject({ url: '/api/v1/segments/12/comments/resolve', method: 'POST', body: {} });
		expect(sent[0].headers['content-type']).toBe('application/json');
	});

	it('saves with PUT and puts the diff revisions in the query', async () => {
		const save = fakeFetch(200, { revisionId: 9, state: 'edited', unchanged: false });
		await createApiClient(save.fetch).segments.save(3, { baseRevisionId: 8, text: 'Hello.' });
		expect(save.sent[0]).toMatchObject({ url: '/api/v1/segments/3', method: 'PUT', body: { baseRevisionId: 8, text: 'Hello.' } });
		const diff = fakeFetch(200, { from: 1, to: 2, kind: 'diff', parts: [] });
		await createApiClient(diff.fetch).segments.diff(3, 1, 2);
		expect(diff.sent[0].url).toBe('/api/v1/segments/3/diff?from=1&to=2');
	});

	it('throws the API’s error with its status, code, message and field', async () => {
		const { fetch } = fakeFetch(400, { error: { code: 'invalid', message: 'sourceLang: “xx_yy” is not a valid BCP 47 language tag.', field: 'sourceLang' } });
		const error = await createApiClient(fetch)
			.projects.create({ name: 'News', sourceLang: 'xx_yy', targetLang: 'en' })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ method: 'POST', path: '/projects', status: 400, code: 'invalid', field: 'sourceLang' });
		expect((error as ApiError).message).toBe('sourceLang: “xx_yy” is not a valid BCP 47 language tag.');
		expect(isConflict(error)).toBe(false);
	});

	it('hands over a conflict’s current version and the publish gate’s reasons, typed', async () => {
		const current = { revisionId: 612, text: 'Theirs.', content: null, author: 'Tomás', createdAt: '2026-12-01T00:00:00.000Z' };
		const conflict = fakeFetch(409, { error: { code: 'conflict', message: 'Someone saved first.' }, current });
		const error = await createApiClient(conflict.fetch)
			.segments.save(3, { baseRevisionId: 8, text: 'Mine.' })
			.catch((e: unknown) => e);
		if (!isConflict(error)) throw new Error('expected a conflict');
		expect(error.body?.current).toEqual(current);
		expect(isPublishRefused(error)).toBe(false);

		const reasons = [{ kind: 'not_approved', message: '1 of 3 segments are not approved: 3.', segments: [{ position: 3, state: 'edited' }] }];
		const refused = fakeFetch(409, { error: { code: 'publish_refused', message: 'Not yet.' }, reasons });
		const gate = await createApiClient(refused.fetch)
			.documents.publish(7)
			.catch((e: unknown) => e);
		if (!isPublishRefused(gate)) throw new Error('expected a refusal');
		expect(gate.body?.reasons).toEqual(reasons);
	});

	it('refuses an answer with another status than the endpoint’s, even a success', async () => {
		const { fetch } = fakeFetch(200, project);
		const error = await createApiClient(fetch)
			.projects.create({ name: 'News', sourceLang: 'zh-Hans', targetLang: 'en' })
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 200, body: null, code: 'unexpected_response', message: 'The server answered 200.' });
	});

	it('says so when the answer is not the API’s JSON (a proxy’s error page)', async () => {
		const { fetch } = fakeFetch(502, '<html>Bad gateway</html>', 'text/html');
		const error = await createApiClient(fetch)
			.me()
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 502, body: null, code: 'unexpected_response', message: 'The server answered 502.' });
	});

	it('throws status 0 when the server cannot be reached, keeping the cause', async () => {
		const offline = new TypeError('Failed to fetch');
		const error = await createApiClient(() => Promise.reject(offline))
			.notifications.list()
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 0, body: null, code: 'unreachable', message: 'The server could not be reached.', cause: offline });
	});
});

describe('failureMessage', () => {
	const texts = { offline: 'Offline.', session: 'Log in again.', other: (status: number) => `Answered ${status}.` };
	it('prefers the server’s own message, then says what kind of failure it was', () => {
		const body = { error: { code: 'invalid', message: 'Type a translation.' } };
		expect(failureMessage(new ApiError('PUT', '/x', 400, body), texts)).toBe('Type a translation.');
		expect(failureMessage(new ApiError('PUT', '/x', 0, null), texts)).toBe('Offline.');
		expect(failureMessage(new ApiError('PUT', '/x', 401, null), texts)).toBe('Log in again.');
		expect(failureMessage(new ApiError('PUT', '/x', 502, null), texts)).toBe('Answered 502.');
	});
});
