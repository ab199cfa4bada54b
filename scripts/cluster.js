// Runs the app in several processes sharing one port (node:cluster), for deployments on a
// Postgres server: one Node process uses one core, and a save spends most of its server time
// in JavaScript. The embedded database cannot be shared, so serve.js only clusters with
// DATABASE_URL.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

/**
 * One process per core but one (left for Postgres, which often runs on the same machine), at
 * most 4. On 2 cores a second process made save latency worse, not better (bench/save.bench.ts).
 */
export function defaultWorkers() {
	return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

const RESPAWN_WINDOW_MS = 60_000;
const MAX_RESPAWNS = 5;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Forks `workers` processes running `exec`. The first starts alone, so that migrations run
 * once before the others start (when the database is not up yet it listens at once, answering
 * 503 while it waits; the others then start beside it, and the migrator's lock lets one of
 * them migrate); a worker that dies later is replaced (unless they keep dying);
 * SIGTERM or SIGINT stops every worker and then the primary.
 *
 * @param {{ workers: number, exec: string, onListening?: () => void, log?: (message: string) => void }} options
 */
export function startCluster({ workers, exec, onListening, log = console.error }) {
	cluster.setupPrimary({ exec });
	let started = false;
	let stopping = false;
	let stopCode = 0;
	/** @type {number[]} */
	let respawns = [];

	const fork = () => cluster.fork();

	cluster.on('listening', () => {
		if (started) return;
		started = true;
		onListening?.();
		for (let i = 1; i < workers; i++) fork();
	});

	cluster.on('exit', (worker, code, signal) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopCode);
			return;
		}
		if (!started) {
			// The first worker could not start (bad DATABASE_URL, failed migration): it has said why.
			log(`The app did not start (exit code ${code ?? signal}).`);
			process.exit(typeof code === 'number' && code !== 0 ? code : 1);
		}
		const now = Date.now();
		respawns = respawns.filter((t) => now - t < RESPAWN_WINDOW_MS);
		if (respawns.length >= MAX_RESPAWNS) {
			log(`App processes keep stopping (${MAX_RESPAWNS} in a minute); shutting down.`);
			stop(1);
			return;
		}
		respawns.push(now);
		log(`App process ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting a new one.`);
		fork();
	});

	/** @param {number} exitCode */
	function stop(exitCode) {
		if (stopping) return;
		stopping = true;
		stopCode = exitCode;
		const alive = Object.values(cluster.workers ?? {});
		if (alive.length === 0) process.exit(exitCode);
		for (const worker of alive) worker?.process.kill('SIGTERM');
		setTimeout(() => {
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
			process.exit(exitCode || 1);
		}, STOP_TIMEOUT_MS).unref();
	}

	process.on('SIGTERM', () => stop(0));
	process.on('SIGINT', () => stop(0));
	fork();
}

/**
 * In a worker: once adapter-node has closed the server (it emits 'sveltekit:shutdown'), let go
 * of the primary too. The channel to the primary would otherwise keep the process alive after
 * its database pool has closed.
 */
export function releaseWorkerOnShutdown() {
	if (!cluster.isWorker) return;
	process.once(/** @type {'exit'} */ ('sveltekit:shutdown'), () => setImmediate(() => process.disconnect?.()));
}
