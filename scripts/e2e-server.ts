// Serves the built app for the end-to-end tests on a database of their own.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { recreateDatabase } from './test-fixtures/postgres-server';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/demo';
import { loadMigrations } from './fs-migrations';
import { loadDemoArticle } from './demo-article';
import { boundRequestTimes } from './http-timeouts.js';

const port = process.env.E2E_PORT ?? '4173';
const serverUrl = process.env.TEST_DATABASE_URL?.trim();

if (serverUrl) {
	const url = await recreateDatabase(serverUrl, `rendition_e2e_${port}`);
	// A DATABASE_URL deployment never seeds itself; the tests' demo accounts come from the CLI's path.
	const handle = await openDatabase({ url, dataDir: '' });
	useDatabase(handle);
	await migrateToLatest(handle.db, await loadMigrations());
	await seedDemo(await loadDemoArticle());
	useDatabase(undefined);
	await handle.close();
	process.env.DATABASE_URL = url;
	delete process.env.DATA_DIR;
} else {
	const dir = path.resolve('.e2e', port);
	await rm(dir, { recursive: true, force: true });
	process.env.DATA_DIR = path.join(dir, 'pglite');
	delete process.env.DATABASE_URL;
}

process.env.PORT = port;
process.env.BODY_SIZE_LIMIT ||= '16M';
// The webhook tests' receiver listens on this machine, which the default policy refuses.
process.env.WEBHOOK_ALLOWED_HOSTS ||= 'external,loopback';
process.env.ORIGIN = `http://localhost:${port}`;
// Every spec signs its users up from this machine's one address.
process.env.REGISTRATIONS_PER_HOUR ||= '100000';
boundRequestTimes(await import(path.resolve(process.env.BUILD_DIR ?? 'build', 'index.js')));
