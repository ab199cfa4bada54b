import { isIP } from 'node:net';

// How login attempts are throttled, as pure decisions over the failures the database holds.
// A lock per account would let anyone who knows an email lock its owner out, so nothing locks
// an account for everyone (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"):
// - a browser that has logged in to the account before (its device cookie) is limited on its
//   own, whatever happens elsewhere;
// - any other client is limited per address and per address-and-account pair, which stops
//   one attacker's address without touching the owner's;
// - failures from many addresses (only a distributed attack makes them) slow the account down
//   for unknown clients: an exponential gap between attempts, capped, never a lock.

export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Failures one client may make in the window: a known browser, or one address on one account. */
export const MAX_FAILURES_PER_CLIENT = 5;
/** Failures one address may make in the window across all accounts (password spraying). */
export const MAX_FAILURES_PER_ADDRESS = 30;
/**
 * Unknown clients' failures on one account before each next attempt must wait: more than one
 * address can make, so that neither one attacker's address nor the owner's own typing slows
 * the account down for anybody else.
 */
export const FREE_ACCOUNT_FAILURES = 2 * MAX_FAILURES_PER_CLIENT;
/** The longest wait between unknown clients' attempts on one account. */
export const MAX_ACCOUNT_DELAY_MS = 10_000;

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

/** The failures in the window, newest first, each list excluding the attempt being judged. */
export type LoginHistory =
	{ trusted: true; device: Date[] } | { trusted: false; address: Date[]; pair: Date[]; account: { count: number; newest: Date | null } };

/**
 * When `limit` or more failures lie in the window: the moment the `limit`-th newest leaves it
 * and an attempt is allowed again (ms since the epoch); null while under the limit.
 */
export function reopensAt(newestFirst: Date[], limit: number, windowMs = LOGIN_WINDOW_MS): number | null {
	if (newestFirst.length < limit) return null;
	return newestFirst[limit - 1].getTime() + windowMs;
}

/** The gap an unknown client must leave after the account's `failures`-th recent failure. */
export function accountDelayMs(failures: number): number {
	if (failures < FREE_ACCOUNT_FAILURES) return 0;
	return Math.min(MAX_ACCOUNT_DELAY_MS, 1000 * 2 ** (failures - FREE_ACCOUNT_FAILURES));
}

export function judgeLogin(history: LoginHistory, now: number): LoginVerdict {
	const refuse = (until: number, why: string, advice: string): LoginVerdict => {
		const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
		return { allowed: false, retryAfterSeconds, message: `${why} Try again in ${waitWords(retryAfterSeconds)}${advice}.` };
	};
	// A browser that has logged in to the account before is judged on its own (see rate-limit.ts).
	const knownBrowser = ', or log in from a browser you have logged in with before';
	if (history.trusted) {
		const until = reopensAt(history.device, MAX_FAILURES_PER_CLIENT);
		return until ? refuse(until, 'Too many failed logins from this browser.', '') : { allowed: true };
	}
	const address = reopensAt(history.address, MAX_FAILURES_PER_ADDRESS);
	if (address) return refuse(address, 'Too many failed logins from your network address.', knownBrowser);
	const pair = reopensAt(history.pair, MAX_FAILURES_PER_CLIENT);
	if (pair) return refuse(pair, 'Too many failed logins for this account from your network address.', knownBrowser);
	const { count, newest } = history.account;
	const gapEnds = newest ? newest.getTime() + accountDelayMs(count) : 0;
	if (gapEnds > now) {
		return refuse(
			gapEnds,
			'This account has had many failed logins from elsewhere, so logins from browsers it has not used before are slowed down.',
			' (a browser you have logged in with before is not slowed down)'
		);
	}
	return { allowed: true };
}

/** "8 seconds", "1 minute", "15 minutes": what the login page shows. */
export function waitWords(seconds: number): string {
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The address a limit counts by. An IPv6 host usually holds a whole /64 and can change address
 * within it at will, so IPv6 counts by its /64; an IPv4-mapped address counts as the IPv4 one.
 */
export function addressKey(address: string): string {
	const ip = address.replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	if (mapped) return mapped[1];
	if (isIP(ip) !== 6) return ip;
	return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, each as lower-case hex without leading zeros. */
function ipv6Groups(ip: string): string[] {
	// An IPv4 tail (::1.2.3.4) is the last two groups.
	const hex = ip.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
	const [head, tail] = hex.split('::');
	const part = (s: string | undefined) => (s ? s.split(':') : []);
	const left = part(head);
	const right = part(tail);
	const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
	return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
