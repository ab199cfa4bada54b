import { databaseConfigFromEnv, webhookTargetPolicy, type DatabaseConfig } from './db/config';
import { currentDatabase, getDb, openDatabase, useDatabase, type DatabaseHandle } from './db/db';
import { pruneIdempotencyKeys } from './db/idempotency';
import { migrateToLatest, type MigrationSet } from './db/migrate';
import { demoInstructions, DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo, type DemoArticle } from './demo/demo';
import { findUserByEmail } from './accounts/users';
import { deleteExpiredSessions } from './auth/sessions';
import { pruneDeliveries, startDeliveryWorker, stopDeliveryWorker } from './webhooks/delivery';

export interface AppState {
	database: DatabaseHandle;
	/** Embedded database holding the demo accounts: the login page shows their credentials. */
	demoMode: boolean;
}

const slot = globalThis as typeof globalThis & {
	__renditionApp?: Promise<AppState>;
	__renditionSweep?: ReturnType<typeof setInterval>;
};

/** Opens the database, migrates it and seeds the demo when embedded and empty. Runs once. */
export function startApp(migrations: MigrationSet, demoArticle: DemoArticle, config: DatabaseConfig = databaseConfigFromEnv()): Promise<AppState> {
	slot.__renditionApp ??= boot(migrations, demoArticle, config).catch((e) => {
		slot.__renditionApp = undefined;
		throw e;
	});
	return slot.__renditionApp;
}

async function boot(migrations: MigrationSet, demoArticle: DemoArticle, config: DatabaseConfig): Promise<AppState> {
	// A typo in the webhook address policy stops the start, rather than surfacing at the first delivery.
	webhookTargetPolicy();
	const database = currentDatabase() ?? (await openDatabase(config));
	useDatabase(database);
	const applied = await migrateToLatest(database.db, migrations);
	if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
	let demoMode = false;
	if (database.kind === 'embedded') {
		if (await isDatabaseEmpty()) await seedDemo(demoArticle);
		demoMode = (await findUserByEmail(getDb(), DEMO_ACCOUNTS[1].email)) !== null;
		if (demoMode) console.log(demoInstructions(process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`));
	}
	scheduleCleanup();
	startDeliveryWorker();
	return { database, demoMode };
}

// Expired sessions are refused when presented and old delivery logs are no longer shown; this
// only keeps the tables from growing.
function scheduleCleanup(): void {
	const sweep = async () => {
		await deleteExpiredSessions().catch((e) => console.error('Deleting expired sessions failed', e));
		await pruneDeliveries().catch((e) => console.error('Pruning webhook deliveries failed', e));
		await pruneIdempotencyKeys(getDb()).catch((e) => console.error('Pruning idempotency keys failed', e));
	};
	void sweep();
	clearInterval(slot.__renditionSweep);
	slot.__renditionSweep = setInterval(sweep, 60 * 60 * 1000).unref();
}

export async function appState(): Promise<AppState> {
	if (!slot.__renditionApp) throw new Error('startApp() has not run');
	return slot.__renditionApp;
}

export async function stopApp(): Promise<void> {
	const state = slot.__renditionApp;
	slot.__renditionApp = undefined;
	clearInterval(slot.__renditionSweep);
	await stopDeliveryWorker();
	useDatabase(undefined);
	if (state) await (await state).database.close();
}
