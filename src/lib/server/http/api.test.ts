import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHandler, readJsonBody } from './api';
import { RateLimited } from '../errors';

// adapter-node reads bodies through getRequest() with BODY_SIZE_LIMIT (512K by default), which
// fails the body stream with its own 413 error. The API must still answer a JSON 413, not a 500.
describe('readJsonBody behind adapter-node’s body size limit', () => {
	const LIMIT = 512 * 1024;
	let server: http.Server;
	let url: string;

	beforeAll(async () => {
		const echo = apiHandler(async (event) => Response.json(await readJsonBody(event)));
		server = http.createServer(async (req, res) => {
			const request = await getRequest({ request: req, base: 'http://127.0.0.1', bodySizeLimit: LIMIT });
			const event = { request, url: new URL(request.url), locals: {}, params: {} } as unknown as RequestEvent;
			await setResponse(res, await echo(event));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	const post = (body: BodyInit, init: RequestInit = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init });

	it('reads a body under the limit', async () => {
		const res = await post(JSON.stringify({ name: 'small' }));
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ name: 'small' });
	});

	it('answers a JSON 413 when Content-Length is over the limit', async () => {
		const res = await post(JSON.stringify({ name: 'x'.repeat(LIMIT) }));
		expect(res.status).toBe(413);
		expect((await res.json()).error.code).toBe('payload_too_large');
	});

	it('answers a JSON 413 when a streamed body grows over the limit', async () => {
		const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
		let chunks = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (chunks++ > 12) controller.close();
				else controller.enqueue(chunk);
			}
		});
		const res = await post(body, { duplex: 'half' } as RequestInit);
		expect(res.status).toBe(413);
		expect((await res.json()).error.code).toBe('payload_too_large');
	});
});

describe('apiHandler', () => {
	it('answers a rate-limit refusal with 429 and Retry-After in seconds', async () => {
		const limited = apiHandler(async () => {
			throw new RateLimited('Too many attempts. Try again in 8 seconds.', 8);
		});
		const res = await limited({} as RequestEvent);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('8');
		expect((await res.json()).error).toEqual({ code: 'rate_limited', message: 'Too many attempts. Try again in 8 seconds.' });
	});
});

describe('apiHandler when the database cannot be reached', () => {
	it('answers 503 unavailable with Retry-After, not a 500', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
		const handler = apiHandler(async () => {
			throw refused;
		});
		const event = { request: new Request('http://x/api/v1/me'), url: new URL('http://x/api/v1/me'), locals: {}, params: {} } as unknown as RequestEvent;
		const res = (await handler(event as never)) as Response;
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('5');
		expect(await res.json()).toEqual({ error: { code: 'unavailable', message: expect.stringContaining('try again') } });
	});
});
