import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HEADERS_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, requestTimeouts } from './http-timeouts.js';

// scripts/serve.js bounds how long a client may take to send its request, on the server the
// build exports. The build here is a stand-in with adapter-node's exports (test-fixtures/build).

const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function serve(env: Record<string, string>): Promise<{ port: number; output: () => string; exited: Promise<unknown[]> }> {
	const port = 41_900 + Math.floor(Math.random() * 90);
	let output = '';
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, BUILD_DIR: path.resolve('scripts/test-fixtures/build'), PORT: String(port), DATABASE_URL: '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	const exited = once(child, 'exit');
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	for (let i = 0; i < 100 && !output.includes('Listening') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
	return { port, output: () => output, exited };
}

/** Sends `head` at once, then one byte of `trickle` every `everyMs`; resolves with what came back and when the server closed. */
function slowClient(port: number, head: string, trickle: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		let answer = '';
		const socket = net.connect(port, '127.0.0.1', () => {
			socket.write(head);
			let sent = 0;
			const timer = setInterval(() => {
				if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]);
			}, everyMs);
			socket.on('close', () => {
				clearInterval(timer);
				resolve({ answer, closedAfterMs: Date.now() - started });
			});
		});
		socket.on('data', (d) => (answer += d));
		socket.on('error', reject);
		setTimeout(() => socket.destroy(), 20_000).unref();
	});
}

describe('serve.js', () => {
	it('cuts off a body sent a byte at a time once REQUEST_TIMEOUT has passed, and serves an honest client', async () => {
		const { port } = await serve({ REQUEST_TIMEOUT: '2', HEADERS_TIMEOUT: '1' });
		const honest = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x'.repeat(100_000) });
		expect(await honest.text()).toBe('read 100000 bytes');

		const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n`;
		const { answer, closedAfterMs } = await slowClient(port, head, 'a'.repeat(100), 250);
		expect(answer).toMatch(/^HTTP\/1\.1 408 /);
		expect(closedAfterMs).toBeGreaterThanOrEqual(1900);
		expect(closedAfterMs).toBeLessThan(4000);
	});

	it('cuts off headers that never end once HEADERS_TIMEOUT has passed', async () => {
		const { port } = await serve({ REQUEST_TIMEOUT: '10', HEADERS_TIMEOUT: '1' });
		const { closedAfterMs } = await slowClient(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: ' + 'a'.repeat(100), 250);
		expect(closedAfterMs).toBeGreaterThanOrEqual(900);
		expect(closedAfterMs).toBeLessThan(3000);
	});

	it('refuses to start on a timeout it cannot read', async () => {
		const { exited, output } = await serve({ REQUEST_TIMEOUT: '2m' });
		const [code] = await exited;
		expect(code).not.toBe(0);
		expect(output()).toContain('REQUEST_TIMEOUT must be a number of seconds');
	});
});

describe('requestTimeouts', () => {
	it.each([
		[{}, DEFAULT_HEADERS_TIMEOUT * 1000, DEFAULT_REQUEST_TIMEOUT * 1000],
		[{ REQUEST_TIMEOUT: '300', HEADERS_TIMEOUT: '20' }, 20_000, 300_000],
		[{ REQUEST_TIMEOUT: '5' }, 5000, 5000],
		[{ REQUEST_TIMEOUT: '0' }, DEFAULT_HEADERS_TIMEOUT * 1000, 0],
		[{ REQUEST_TIMEOUT: '0', HEADERS_TIMEOUT: '0' }, 0, 0],
		[{ REQUEST_TIMEOUT: ' 1.5 ' }, 1500, 1500]
	])('reads %o as headers %i ms, request %i ms', (env, headersTimeoutMs, requestTimeoutMs) => {
		expect(requestTimeouts(env)).toEqual({ headersTimeoutMs, requestTimeoutMs });
	});

	it.each(['-1', 'soon', '10s'])('refuses %s', (value) => {
		expect(() => requestTimeouts({ HEADERS_TIMEOUT: value })).toThrow(/HEADERS_TIMEOUT must be a number of seconds/);
	});
});
