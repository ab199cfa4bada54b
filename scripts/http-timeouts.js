// Bounds on how long a client may take to send its request, set on the HTTP server adapter-node
// makes (it exports it, as `server.server`). Without them a client that announces a body and
// sends a byte a second keeps its connection for as long as Node's default of five minutes,
// and many such clients hold as many connections.

export const DEFAULT_HEADERS_TIMEOUT = 10;
export const DEFAULT_REQUEST_TIMEOUT = 120;
// Node checks the bounds at this interval (30 s by default, which would add up to 30 s to each).
const CHECK_INTERVAL_MS = 1000;

/**
 * HEADERS_TIMEOUT and REQUEST_TIMEOUT, in seconds: the longest a client may take to send its
 * request headers (default 10), and its whole request, body included (default 120: a 16 MB
 * import, the most BODY_SIZE_LIMIT lets through, then needs about 1.1 Mbit/s of upload). 0 turns
 * a bound off. Throws on a value it cannot read, so a typo stops the app at start.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ headersTimeoutMs: number, requestTimeoutMs: number }}
 */
export function requestTimeouts(env = process.env) {
	/** @param {string} name @param {number} fallback */
	const seconds = (name, fallback) => {
		const text = env[name]?.trim();
		if (!text) return fallback;
		const value = Number(text);
		if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds (0 for no limit), not ${JSON.stringify(text)}`);
		return value;
	};
	const requestTimeoutMs = seconds('REQUEST_TIMEOUT', DEFAULT_REQUEST_TIMEOUT) * 1000;
	const headersTimeoutMs = seconds('HEADERS_TIMEOUT', DEFAULT_HEADERS_TIMEOUT) * 1000;
	// Node requires headers to arrive within the request's own bound.
	if (requestTimeoutMs > 0 && (headersTimeoutMs === 0 || headersTimeoutMs > requestTimeoutMs)) {
		return { headersTimeoutMs: requestTimeoutMs, requestTimeoutMs };
	}
	return { headersTimeoutMs, requestTimeoutMs };
}

/**
 * Sets the bounds on the server of a freshly imported adapter-node build (build/index.js).
 * Call it right after the import: Node starts checking at the interval set when the server
 * begins listening, which happens after the import has returned.
 *
 * @param {{ server?: { server?: unknown } }} app the build's exports
 * @param {NodeJS.ProcessEnv} env
 */
export function boundRequestTimes(app, env = process.env) {
	// connectionsCheckingInterval is a createServer option that Node reads back from the server when it starts listening.
	const server = /** @type {(import('node:http').Server & { connectionsCheckingInterval: number }) | undefined} */ (app.server?.server);
	if (!server || typeof server.requestTimeout !== 'number') {
		throw new Error('The build does not export its HTTP server (adapter-node’s `server.server`): request timeouts cannot be set.');
	}
	const { headersTimeoutMs, requestTimeoutMs } = requestTimeouts(env);
	server.requestTimeout = requestTimeoutMs;
	server.headersTimeout = headersTimeoutMs;
	server.connectionsCheckingInterval = CHECK_INTERVAL_MS;
}
