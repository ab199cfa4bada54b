import { databaseConfigFromEnv, webhookTargetPolicy, type DatabaseConfig } from './db/config';
import { currentDatabase, getDb, openDatabase, useDatabase, type DatabaseHandle } from './db/db';
import { pruneIdempotencyKeys } from './db/idempotency';
import { migrateToLatest, type MigrationSet } from './db/migrate';
import { demoInstructions, DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo, type DemoArticle } from './demo/demo';
import { findUserByEmail } from './accounts/users';
import { deleteExpiredSessions } from './auth/sessions';
import { pruneDeliveries, startDeliveryWorker, stopDeliveryWorker } from './webhooks/delivery';
import { startJobWorker, stopJobWorker } from './jobs/worker';
import { forgetAbandonedUploads } from './tm/tmx-upload';
import { startLiveHub, stopLiveHub } from './live/live';
import { pruneEvents } from './live/reads';
import { DatabaseUnavailableError, isDatabaseUnavailable, unavailableReason } from './db/unavailable';

export interface AppState {
	database: DatabaseHandle;
	/** Embedded database holding the demo accounts: the login page shows their credentials. */
	demoMode: boolean;
}

/** Where start-up is: its first attempt, waiting for the database between attempts, done. */
interface Boot {
	state: 'starting' | 'waiting' | 'ready' | 'failed';
	/** Why the database could not be reached, while waiting. */
	reason: string;
	/** Settles when the first attempt to reach the database has succeeded or failed. */
	attempted: Promise<void>;
	settleAttempt(): void;
	stopped: boolean;
	wake?: () => void;
}

const slot = globalThis as typeof globalThis & {
	__renditionApp?: Promise<AppState>;
	__renditionBoot?: Boot;
	__renditionSweep?: ReturnType<typeof setInterval>;
};

/** The pauses between attempts to reach the database at start-up: short at first, then every few seconds until it answers. */
export const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 3_000];

/**
 * Opens the database, migrates it and seeds the demo when embedded and empty. Runs once.
 * A database that cannot be reached (not up yet, restarting) is retried with backoff for as
 * long as it takes, saying so in the log; any other failure rejects.
 */
export function startApp(migrations: MigrationSet, demoArticle: DemoArticle, config: DatabaseConfig = databaseConfigFromEnv()): Promise<AppState> {
	slot.__renditionApp ??= boot(migrations, demoArticle, config).catch((e) => {
		slot.__renditionApp = undefined;
		throw e;
	});
	return slot.__renditionApp;
}

/**
 * Resolves when the app is ready or is waiting for its database (start-up goes on and requests
 * get 503 meanwhile), so that the server listens either way; rejects when the app cannot start.
 * A start-up that fails later, once the database answers (a migration that fails), ends the
 * process as a failure at the first attempt would.
 */
export async function untilServing(started: Promise<AppState>): Promise<void> {
	let serving = false;
	started.catch((e) => {
		// Stopped on purpose (SIGTERM while waiting): adapter-node ends the process itself.
		if (!serving || slot.__renditionBoot?.stopped) return;
		console.error('Rendition could not start:', e);
		process.exit(1);
	});
	await Promise.race([started, slot.__renditionBoot?.attempted]);
	if (slot.__renditionBoot?.state === 'failed') await started;
	serving = true;
}

/** Lets a request through once the app is ready; throws DatabaseUnavailableError while start-up waits for the database. */
export async function requireStarted(): Promise<void> {
	const boot = slot.__renditionBoot;
	if (!boot || boot.state === 'ready') return;
	if (boot.state === 'starting') await boot.attempted;
	if (boot.state === 'waiting') throw new DatabaseUnavailableError(boot.reason);
}

async function boot(migrations: MigrationSet, demoArticle: DemoArticle, config: DatabaseConfig): Promise<AppState> {
	let settleAttempt = () => {};
	const attempted = new Promise<void>((resolve) => (settleAttempt = resolve));
	const state: Boot = { state: 'starting', reason: '', attempted, settleAttempt, stopped: false };
	slot.__renditionBoot = state;
	try {
		const app = await bootOnce(migrations, demoArticle, config, state);
		state.state = 'ready';
		return app;
	} catch (e) {
		state.state = 'failed';
		throw e;
	} finally {
		state.settleAttempt();
	}
}

async function bootOnce(migrations: MigrationSet, demoArticle: DemoArticle, config: DatabaseConfig, boot: Boot): Promise<AppState> {
	// A typo in the webhook address policy stops the start, rather than surfacing at the first delivery.
	webhookTargetPolicy();
	const database = await untilReachable(boot, async () => {
		const database = currentDatabase() ?? (await openDatabase(config));
		useDatabase(database);
		const applied = await migrateToLatest(database.db, migrations);
		if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
		// Installs or migrates pg-boss's schema and the queues: before any request may enqueue.
		await startJobWorker(database);
		await startLiveHub(database);
		return database;
	});
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

/** Runs `work` until it does not fail for want of a database; the pool (kept between attempts) reconnects by itself. */
async function untilReachable<T>(boot: Boot, work: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await work();
		} catch (e) {
			if (!isDatabaseUnavailable(e) || boot.stopped) throw e;
			const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
			boot.reason = unavailableReason(e);
			boot.state = 'waiting';
			boot.settleAttempt();
			console.warn(`Waiting for the database (${boot.reason}); trying again in ${delay / 1000} s. Requests get 503 meanwhile.`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, delay);
				boot.wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			if (boot.stopped) throw new Error('The app stopped while waiting for its database.', { cause: e });
		}
	}
}

// Expired sessions are refused when presented and old delivery logs are no longer shown; this
// only keeps the tables from growing.
function scheduleCleanup(): void {
	const sweep = async () => {
		await deleteExpiredSessions().catch((e) => console.error('Deleting expired sessions failed', e));
		await pruneDeliveries().catch((e) => console.error('Pruning webhook deliveries failed', e));
		await pruneIdempotencyKeys(getDb()).catch((e) => console.error('Pruning idempotency keys failed', e));
		await forgetAbandonedUploads(getDb()).catch((e) => console.error('Forgetting abandoned TMX uploads failed', e));
		await pruneEvents(getDb()).catch((e) => console.error('Pruning live events failed', e));
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
	const app = slot.__renditionApp;
	slot.__renditionApp = undefined;
	const boot = slot.__renditionBoot;
	if (boot) {
		// A start-up waiting for its database gives up now rather than after its next attempt.
		boot.stopped = true;
		boot.wake?.();
	}
	clearInterval(slot.__renditionSweep);
	await stopLiveHub();
	await stopDeliveryWorker();
	await app?.catch(() => undefined);
	await stopJobWorker();
	const database = currentDatabase();
	useDatabase(undefined);
	await database?.close();
}
