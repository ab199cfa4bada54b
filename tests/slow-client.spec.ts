import net from 'node:net';
import { expect, test } from '@playwright/test';

// playwright.config.ts serves the built app with this REQUEST_TIMEOUT (seconds).
const REQUEST_TIMEOUT = 6;

test('a client that sends its body a byte a second is cut off once REQUEST_TIMEOUT has passed', async ({ baseURL }) => {
	const { hostname, port, host } = new URL(baseURL!);
	const started = Date.now();
	const answer = await new Promise<string>((resolve, reject) => {
		let received = '';
		const socket = net.connect(Number(port), hostname, () => {
			socket.write(
				`POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${baseURL}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`
			);
			const timer = setInterval(() => socket.destroyed || socket.write('a'), 1000);
			socket.on('close', () => {
				clearInterval(timer);
				resolve(received);
			});
		});
		socket.on('data', (d) => (received += d));
		socket.on('error', reject);
		setTimeout(() => socket.destroy(), 30_000);
	});
	const seconds = (Date.now() - started) / 1000;
	expect(answer).toMatch(/^HTTP\/1\.1 408 /);
	expect(seconds).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 0.5);
	expect(seconds).toBeLessThan(REQUEST_TIMEOUT + 3);
});
