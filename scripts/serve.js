// Starts the built app (build/) with local defaults: port 3000 and an ORIGIN that matches
// plain-http localhost, without which SvelteKit's CSRF check refuses every form post.
// PORT, HOST and ORIGIN from the environment win, as adapter-node documents; HEADERS_TIMEOUT and
// REQUEST_TIMEOUT bound how long a client may take to send a request (./http-timeouts.js).
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultWorkers, releaseWorkerOnShutdown, startCluster } from './cluster.js';
import { boundRequestTimes, requestTimeouts } from './http-timeouts.js';

const entry = path.resolve(process.env.BUILD_DIR || 'build', 'index.js');
if (!existsSync(entry)) {
	console.error('No build found: run `npm run build` first (npm start does both).');
	process.exit(1);
}
process.env.PORT ||= '3000';
// Document imports can be large; JSON routes enforce their own, smaller limits.
process.env.BODY_SIZE_LIMIT ||= '16M';
process.env.ORIGIN ||= `http://${process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost'}:${process.env.PORT}`;

/** WEB_CONCURRENCY or defaultWorkers() on a Postgres server; the embedded database allows only one. */
function workerCount() {
	const asked = Number(process.env.WEB_CONCURRENCY);
	if (!process.env.DATABASE_URL?.trim()) {
		if (asked > 1) console.error('WEB_CONCURRENCY is ignored without DATABASE_URL: the embedded database allows one process.');
		return 1;
	}
	return Number.isInteger(asked) && asked > 0 ? asked : defaultWorkers();
}

// A bad value stops here, before the app (or any worker) starts.
requestTimeouts();
const workers = cluster.isPrimary ? workerCount() : 1;
const listening = () => console.log(`Rendition is listening on ${process.env.ORIGIN}${workers > 1 ? ` (${workers} processes)` : ''}`);
if (workers > 1) {
	startCluster({ workers, exec: fileURLToPath(import.meta.url), onListening: listening });
} else {
	releaseWorkerOnShutdown();
	boundRequestTimes(await import(pathToFileURL(entry).href));
	if (cluster.isPrimary) listening();
}
