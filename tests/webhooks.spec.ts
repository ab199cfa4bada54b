import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createProject, expectNoSeriousViolations, signUp } from './helpers';

// The receiver runs in the test process; the app (on this machine) POSTs to it.
let receiver: Server;
let receiverUrl: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			// /flaky fails its first request, then answers like the others.
			const fail = req.url === '/flaky' && received.filter((r) => r.path === '/flaky').length === 1;
			res.writeHead(fail ? 500 : 204).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
});

test('an owner registers a webhook, copies its secret once, sends a test event and reads the delivery log', async ({ page }) => {
	await signUp(page.request, 'Owner');
	const slug = await createProject(page.request, `Webhooks ${Date.now()}`);

	await page.goto(`/projects/${slug}/members`);
	await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Webhooks' }).click();
	await expect(page.getByRole('heading', { name: 'Webhooks', level: 2 })).toBeVisible();
	await expect(page.getByText('No webhooks yet.')).toBeVisible();

	let secret = '';
	await test.step('refuse a URL that is not http(s), and the cloud metadata address, then register one', async () => {
		await page.getByLabel('Label').fill('Site rebuild');
		// The e2e server allows loopback on top of the default, for its receiver.
		await expect(page.getByLabel('Payload URL')).toHaveAccessibleDescription(/sends webhooks to public addresses and loopback addresses only/);
		await page.getByLabel('Payload URL').fill('ftp://example.com/hook');
		await page.getByRole('button', { name: 'Add webhook' }).click();
		await expect(page.getByLabel('Payload URL')).toHaveAccessibleDescription(/Only http:\/\/ and https:\/\//);

		await page.getByLabel('Payload URL').fill('http://169.254.169.254/latest/meta-data/');
		await page.getByRole('button', { name: 'Add webhook' }).click();
		await expect(page.getByLabel('Payload URL')).toHaveAccessibleDescription(/169\.254\.169\.254 is a link-local or reserved address; .*WEBHOOK_ALLOWED_HOSTS/);
		await expect(page.getByLabel('Payload URL')).toHaveValue('http://169.254.169.254/latest/meta-data/');

		await page.getByLabel('Payload URL').fill(`${receiverUrl}/rendition`);
		await page.getByRole('button', { name: 'Add webhook' }).click();
		await expect(page.getByRole('status')).toContainText('Copy its signing secret now');
		secret = await page.getByLabel('Signing secret').inputValue();
		expect(secret).toMatch(/^whsec_/);
		await expect(page.getByRole('heading', { name: 'Site rebuild', level: 3 })).toBeVisible();
	});

	await test.step('the secret is not shown again', async () => {
		await page.reload();
		await expect(page.getByLabel('Signing secret')).toHaveCount(0);
		expect(await page.content()).not.toContain(secret);
	});

	await test.step('send a test event: it arrives signed and the log shows 204', async () => {
		await page.getByRole('button', { name: 'Send a test event to Site rebuild' }).click();
		await expect(page.getByRole('status')).toContainText('Test event sent');
		const log = page.getByRole('table', { name: 'Deliveries to Site rebuild' });
		await expect(log.getByRole('row').filter({ hasText: 'webhook.test' })).toContainText('HTTP 204');
		await expect(log).toContainText('Delivered');
		expect(received).toHaveLength(1);
		const [post] = received;
		expect(post.headers['x-rendition-event']).toBe('webhook.test');
		const timestamp = Number(post.headers['x-rendition-timestamp']);
		expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60);
		expect(post.headers['x-rendition-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${post.body}`).digest('hex')}`);
		expect(JSON.parse(post.body)).toMatchObject({ type: 'webhook.test', project: { slug } });
	});

	await test.step('a failed delivery shows its status, and Retry now delivers it', async () => {
		await page.getByLabel('Label').fill('Flaky endpoint');
		await page.getByLabel('Payload URL').fill(`${receiverUrl}/flaky`);
		await page.getByRole('button', { name: 'Add webhook' }).click();
		await expect(page.getByRole('heading', { name: 'Flaky endpoint', level: 3 })).toBeVisible();
		await page.getByRole('button', { name: 'Send a test event to Flaky endpoint' }).click();
		const log = page.getByRole('table', { name: 'Deliveries to Flaky endpoint' });
		await expect(log).toContainText('HTTP 500');
		await expect(log).toContainText('Pending');
		await log.getByRole('button', { name: /Retry delivery \d+ now/ }).click();
		await expect(page.getByRole('status')).toContainText('Retried');
		await expect(log).toContainText('HTTP 204');
		await expect(log).toContainText('Delivered');
		await expect(log.getByRole('button', { name: /Retry/ })).toHaveCount(0);
	});

	await page.screenshot({ path: 'test-results/webhooks-page.png', fullPage: true });
	await expectNoSeriousViolations(page);
});
