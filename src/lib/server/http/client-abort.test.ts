import net from 'node:net';
import { once } from 'node:events';
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { useTestServer } from '../testing/http';
import * as tokens from '../auth/tokens';
import * as users from '../accounts/users';
import { getDb } from '../db/db';
import { handleServerError, isClientAbort } from './client-abort';

// A client that closes its connection halfway through a request body (as REQUEST_TIMEOUT's cut
// does too) is logged as one warning line, from a page's form action as from the API.

useTestDatabase();
const server = useTestServer();
let token: string;

beforeAll(async () => {
	const user = await users.createUser(getDb(), { email: 'gone@abort.test', name: 'Gone', password: 'correct horse battery' });
	token = (await tokens.createApiToken(getDb(), user, { label: 'tests' })).token;
	// The dev server compiles each route at its first request: have it ready before hanging up.
	await server.fetch('/login');
	await server.fetch('/api/v1/projects', { headers: { authorization: `Bearer ${token}` } });
});
afterEach(() => {
	vi.restoreAllMocks();
});

/** Announces a 1,000-byte body, sends a few bytes, waits until the server is reading them, and hangs up. */
async function hangUpMidBody(path: string, headers: Record<string, string>, start: string) {
	const { hostname, port, host } = new URL(server.origin);
	const socket = net.connect(Number(port), hostname);
	await once(socket, 'connect');
	const lines = Object.entries({ host, origin: server.origin, 'content-length': '1000', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
	socket.write(`POST ${path} HTTP/1.1\r\n${lines.join('')}\r\n${start}`);
	await new Promise((r) => setTimeout(r, 500));
	socket.destroy();
}

function captureConsole() {
	return { warn: vi.spyOn(console, 'warn').mockImplementation(() => {}), error: vi.spyOn(console, 'error').mockImplementation(() => {}) };
}

describe('a request whose client hangs up mid-body', () => {
	it.each([
		['a page form action', '/login', { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, 'email=gone%40abort.test&pass'],
		['the API', '/api/v1/projects', { 'content-type': 'application/json', authorization: 'Bearer TOKEN' }, '{"name": "Half']
	])('is one warning line for %s, not an error with a stack trace', async (_, path, headers, start) => {
		const logged = captureConsole();
		await hangUpMidBody(path, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('TOKEN', token)])), start);
		await vi.waitFor(() => expect(logged.warn).toHaveBeenCalled(), { timeout: 10_000 });
		expect(logged.warn.mock.calls).toEqual([[`POST ${path}: the client closed the connection before sending the whole request`]]);
		expect(logged.error).not.toHaveBeenCalled();
	});
});

describe('handleServerError', () => {
	const event = { request: new Request('http://localhost/x', { method: 'POST' }), url: new URL('http://localhost/x') } as RequestEvent;

	it('still logs any other error with its stack, as SvelteKit does', () => {
		const logged = captureConsole();
		const boom = new Error('boom');
		expect(handleServerError({ error: boom, event, status: 500, message: 'Internal Error' })).toEqual({ message: 'Internal Error' });
		expect(logged.error).toHaveBeenCalledWith('[500] POST /x', boom);
		expect(logged.warn).not.toHaveBeenCalled();
	});

	it('knows an abort by Node’s error, also as the cause of another', () => {
		const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
		expect(isClientAbort(aborted)).toBe(true);
		expect(isClientAbort(new TypeError('terminated', { cause: aborted }))).toBe(true);
		expect(isClientAbort(new Error('aborted'))).toBe(false);
		expect(isClientAbort(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
	});
});
