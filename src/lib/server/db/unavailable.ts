/**
 * Whether the database could not be reached (down, restarting, still starting up, refusing
 * connections), as opposed to refusing what was asked of it. Such a failure is the server's
 * temporary state, answered with 503 and retried at start-up; any other error is a bug or a
 * misconfiguration and is not retried.
 */

/** Thrown while the app waits for its database at start-up. */
export class DatabaseUnavailableError extends Error {
	constructor(readonly reason: string) {
		super(`The database is not reachable yet (${reason}).`);
	}
}

// Node's socket errors for a server that is down, unreachable or not resolvable yet (a
// container's host name appears only once it runs).
const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN'
]);

// SQLSTATEs: class 08 is "connection exception"; 57P01 admin shutdown (also a terminated
// backend), 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down, in
// recovery); 53300 too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// What pg and pg-pool say without a code when a connection ends or cannot be had in time.
const MESSAGES = [/^Connection terminated/, /not queryable/, /^timeout exceeded when trying to connect/];

export function isDatabaseUnavailable(e: unknown): boolean {
	return unavailableCause(e) !== null;
}

/** The error in `e`'s chain (causes, the errors of an AggregateError) that says the database is unreachable. */
export function unavailableCause(e: unknown, depth = 0): Error | null {
	if (!(e instanceof Error) || depth > 5) return null;
	if (e instanceof DatabaseUnavailableError) return e;
	const code = (e as { code?: unknown }).code;
	// Node's "aborted" (ECONNRESET) is the HTTP client hanging up mid-request, not the database.
	if (e.message === 'aborted' && code === 'ECONNRESET') return null;
	if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return e;
	if (MESSAGES.some((m) => m.test(e.message))) return e;
	for (const inner of e instanceof AggregateError ? e.errors : []) {
		const found = unavailableCause(inner, depth + 1);
		if (found) return found;
	}
	return unavailableCause(e.cause, depth + 1);
}

/** One line for the log: why the database is unreachable. */
export function unavailableReason(e: unknown): string {
	const cause = unavailableCause(e) ?? (e instanceof Error ? e : null);
	if (!cause) return String(e);
	if (cause instanceof DatabaseUnavailableError) return cause.reason;
	const code = (cause as { code?: unknown }).code;
	// An AggregateError (every address of a host refused) has an empty message.
	const message = cause.message || (cause instanceof AggregateError ? String(cause.errors[0]?.message ?? '') : '');
	return typeof code === 'string' && !message.includes(code) ? `${code} ${message}`.trim() : message;
}
