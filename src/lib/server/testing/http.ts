import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { currentDatabase } from '../db/db';
import type { ErrorJson } from '../http/json';
import { createApiClient, type ApiClient } from '../../api';

export interface TestServer {
	/** http://127.0.0.1:<port>: send it as the Origin header of form posts, as a browser would. */
	origin: string;
	/** fetch() against the server; redirects are returned, not followed. */
	fetch(path: string, init?: RequestInit): Promise<Response>;
	close(): Promise<void>;
}

/**
 * Serves the real app (hooks, routes, matchers) over real HTTP from a Vite dev server.
 *
 * Open the test database first (`useTestDatabase()`): the server's `startApp()` finds that
 * handle on globalThis and uses it instead of opening its own. On the embedded database
 * startApp also seeds the demo accounts when the users table is still empty at the first
 * request, so create your own data before the first request.
 *
 * This is `vite dev`: SvelteKit skips its CSRF origin check in dev, so a cross-site form post
 * is not refused here as it is in production. Send the Origin header a browser would anyway.
 */
const LOCK = path.resolve('.svelte-kit', '.test-server-starting');

/** Runs `work` while no other process of this checkout runs its own: a lock folder with the holder's pid. */
async function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
	await mkdir(path.dirname(LOCK), { recursive: true });
	for (;;) {
		try {
			await mkdir(LOCK);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const holder = Number(await readFile(path.join(LOCK, 'pid'), 'utf8').catch(() => NaN));
			// A holder that died (or never wrote its pid within a few seconds) left the lock behind.
			const stale = Number.isNaN(holder) ? ((await stat(LOCK).catch(() => null))?.mtimeMs ?? 0) < Date.now() - 5_000 : !alive(holder);
			if (stale) {
				await rm(LOCK, { recursive: true, force: true });
				continue;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	try {
		await writeFile(path.join(LOCK, 'pid'), String(process.pid));
		return await work();
	} finally {
		await rm(LOCK, { recursive: true, force: true });
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export async function startTestServer(): Promise<TestServer> {
	// Without it the app would open DATABASE_URL or the developer's own data folder.
	if (!currentDatabase()) throw new Error('startTestServer: open the test database first (useTestDatabase())');
	// SvelteKit rewrites .svelte-kit/ as a dev server starts, deleting the root route's generated
	// types first; a server starting meanwhile in another test file found them missing (ENOENT,
	// .svelte-kit/types/src/routes/proxy+layout.server.ts) and answered 500 to every request.
	const vite: ViteDevServer = await oneAtATime(async () => {
		const server = await createServer({
			configFile: path.resolve('vite.config.ts'),
			logLevel: 'error',
			// No HMR socket, no file watching: several test files may run servers at once.
			server: { port: 0, host: '127.0.0.1', hmr: false, ws: false, watch: null },
			optimizeDeps: { noDiscovery: true, include: [] }
		});
		await server.listen();
		return server;
	});
	const address = vite.httpServer?.address() as AddressInfo | null;
	if (!address) {
		await vite.close();
		throw new Error('startTestServer: the dev server is not listening');
	}
	const origin = `http://127.0.0.1:${address.port}`;
	return {
		origin,
		fetch: (p, init) => fetch(new URL(p, origin), { redirect: 'manual', ...init }),
		close: () => vite.close()
	};
}

/**
 * Registers beforeAll/afterAll hooks that serve the app for the enclosing file or describe.
 * Call it after `useTestDatabase()` so the server closes before the database is dropped.
 */
export function useTestServer(): TestServer {
	let server: TestServer | undefined;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(async () => {
		// Not stopApp(): the database belongs to useTestDatabase, which closes and drops it.
		await server?.close();
	});
	const ready = (): TestServer => {
		if (!server) throw new Error('useTestServer: the server is not running yet');
		return server;
	};
	return {
		get origin() {
			return ready().origin;
		},
		fetch: (p, init) => ready().fetch(p, init),
		close: () => ready().close()
	};
}

export interface CallOptions {
	token?: string;
	method?: string;
	/** Sent as JSON unless it is already a string. */
	body?: unknown;
	headers?: Record<string, string>;
}

/** A request to the test server: a bearer token, a JSON body, GET or POST unless told otherwise. */
export function callApi(server: TestServer, path: string, { token, method, body, headers = {} }: CallOptions = {}): Promise<Response> {
	const h: Record<string, string> = { ...headers };
	if (token) h.authorization = `Bearer ${token}`;
	let payload: string | undefined;
	if (body !== undefined) {
		payload = typeof body === 'string' ? body : JSON.stringify(body);
		h['content-type'] ??= 'application/json';
	}
	return server.fetch(path, { method: method ?? (body === undefined ? 'GET' : 'POST'), headers: h, body: payload });
}

export type ApiErrorBody = ErrorJson;

/** The typed API client against the test server, as the holder of `token`. */
export function apiClientFor(server: TestServer, token: string): ApiClient {
	return createApiClient((path, init) => server.fetch(path, init), { token });
}

/** Asserts the API's error shape and returns it. */
export async function expectApiError(res: Response, status: number, field?: string): Promise<ApiErrorBody['error']> {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	const body = (await res.json()) as ApiErrorBody;
	expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
	expect(body.error.message.length).toBeGreaterThan(10);
	if (field) expect(body.error.field).toBe(field);
	return body.error;
}

/**
 * A form post from a script (no Accept: text/html) gets SvelteKit's action result as JSON, as
 * use:enhance does: {type: 'success' | 'failure' | 'redirect' | 'error', status, location}.
 * The outcome: 'yes', 'login' (sent to log in) or the refusal's status ('403', '404', …).
 */
export async function pageOutcome(res: Response): Promise<string> {
	let status = res.status;
	let location = res.headers.get('location');
	if (res.headers.get('content-type')?.startsWith('application/json')) {
		const result = (await res.json()) as { type: string; status?: number; location?: string };
		// An 'error' result carries its status only as the response's.
		status = result.type === 'redirect' ? 303 : (result.status ?? res.status);
		location = result.location ?? null;
	}
	if (status === 303 || status === 302) return location?.startsWith('/login') ? 'login' : 'yes';
	return status >= 200 && status < 300 ? 'yes' : String(status);
}
