import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentDatabase, openDatabase, useDatabase } from '../db/db';
import { startDeliveryWorker, stopDeliveryWorker } from './delivery';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the webhook delivery worker while the database is away', () => {
	const previous = currentDatabase();
	afterEach(async () => {
		await stopDeliveryWorker();
		const handle = currentDatabase();
		useDatabase(previous);
		await handle?.close();
		vi.restoreAllMocks();
	});

	it('says so in one warning line, not a stack trace at every wake-up', async () => {
		// Nothing listens on port 1: every query is refused, as while Postgres restarts.
		useDatabase(await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', dataDir: '' }));
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
		startDeliveryWorker(20);
		await vi.waitFor(() => expect(warnings).toHaveBeenCalled());
		await sleep(300);
		expect(errors).not.toHaveBeenCalled();
		expect(warnings).toHaveBeenCalledTimes(1);
		expect(String(warnings.mock.calls[0][0])).toMatch(/^Webhook deliveries wait for the database \(.*ECONNREFUSED.*\)\.$/);
	});
});
