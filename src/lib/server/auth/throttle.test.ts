import { describe, expect, it } from 'vitest';
import {
	accountDelayMs,
	addressKey,
	FREE_ACCOUNT_FAILURES,
	judgeLogin,
	LOGIN_WINDOW_MS,
	MAX_ACCOUNT_DELAY_MS,
	MAX_FAILURES_PER_ADDRESS,
	MAX_FAILURES_PER_CLIENT,
	reopensAt,
	waitWords,
	type LoginHistory
} from './throttle';

const NOW = Date.parse('2026-12-10T12:00:00Z');
/** `n` failures, newest first, one a second back from `secondsAgo`. */
const failures = (n: number, secondsAgo = 1) => Array.from({ length: n }, (_, i) => new Date(NOW - (secondsAgo + i) * 1000));
const untrusted = (over: Partial<Extract<LoginHistory, { trusted: false }>> = {}): LoginHistory => ({
	trusted: false,
	address: [],
	pair: [],
	account: { count: 0, newest: null },
	...over
});

describe('judgeLogin', () => {
	it('lets a fresh client in', () => {
		expect(judgeLogin(untrusted(), NOW)).toEqual({ allowed: true });
		expect(judgeLogin({ trusted: true, device: [] }, NOW)).toEqual({ allowed: true });
	});

	it('stops one address on one account after the client limit, until the limit-th newest failure leaves the window', () => {
		const pair = failures(MAX_FAILURES_PER_CLIENT);
		expect(judgeLogin(untrusted({ pair: pair.slice(1) }), NOW).allowed).toBe(true);
		const verdict = judgeLogin(untrusted({ pair }), NOW);
		expect(verdict).toMatchObject({
			allowed: false,
			message: expect.stringMatching(
				/for this account from your network address\. Try again in 15 minutes, or log in from a browser you have logged in with before\.$/
			)
		});
		if (!verdict.allowed) expect(verdict.retryAfterSeconds).toBe((LOGIN_WINDOW_MS - MAX_FAILURES_PER_CLIENT * 1000) / 1000);
	});

	it('stops an address that sprays many accounts', () => {
		expect(judgeLogin(untrusted({ address: failures(MAX_FAILURES_PER_ADDRESS - 1) }), NOW).allowed).toBe(true);
		expect(judgeLogin(untrusted({ address: failures(MAX_FAILURES_PER_ADDRESS) }), NOW)).toMatchObject({
			allowed: false,
			message: expect.stringMatching(/^Too many failed logins from your network address\./)
		});
	});

	it('only slows an account down for unknown clients, by a gap after its newest failure that doubles and is capped', () => {
		const at = (count: number, secondsAgo: number) => judgeLogin(untrusted({ account: { count, newest: new Date(NOW - secondsAgo * 1000) } }), NOW);
		expect(at(FREE_ACCOUNT_FAILURES - 1, 0).allowed).toBe(true);
		expect(at(FREE_ACCOUNT_FAILURES, 0)).toMatchObject({
			allowed: false,
			retryAfterSeconds: 1,
			message: expect.stringMatching(/slowed down\. Try again in 1 second \(a browser/)
		});
		expect(at(FREE_ACCOUNT_FAILURES, 1).allowed).toBe(true);
		expect(at(FREE_ACCOUNT_FAILURES + 2, 1)).toMatchObject({ allowed: false, retryAfterSeconds: 3 });
		expect(at(1000, 0)).toMatchObject({ allowed: false, retryAfterSeconds: MAX_ACCOUNT_DELAY_MS / 1000 });
		expect(at(1000, MAX_ACCOUNT_DELAY_MS / 1000).allowed).toBe(true);
	});

	it('judges a known browser by its own failures alone', () => {
		expect(judgeLogin({ trusted: true, device: failures(MAX_FAILURES_PER_CLIENT - 1) }, NOW).allowed).toBe(true);
		expect(judgeLogin({ trusted: true, device: failures(MAX_FAILURES_PER_CLIENT) }, NOW)).toMatchObject({
			allowed: false,
			message: expect.stringMatching(/from this browser/)
		});
	});
});

describe('the arithmetic', () => {
	it('reopens when the limit-th newest failure is older than the window', () => {
		const list = failures(3, 10);
		expect(reopensAt(list, 4)).toBeNull();
		expect(reopensAt(list, 3)).toBe(list[2].getTime() + LOGIN_WINDOW_MS);
	});

	it.each([
		[0, 0],
		[FREE_ACCOUNT_FAILURES - 1, 0],
		[FREE_ACCOUNT_FAILURES, 1000],
		[FREE_ACCOUNT_FAILURES + 1, 2000],
		[FREE_ACCOUNT_FAILURES + 3, 8000],
		[FREE_ACCOUNT_FAILURES + 40, MAX_ACCOUNT_DELAY_MS]
	])('waits after %i failures: %i ms', (count, ms) => {
		expect(accountDelayMs(count)).toBe(ms);
	});

	it.each([
		[1, '1 second'],
		[59, '59 seconds'],
		[60, '1 minute'],
		[61, '2 minutes'],
		[900, '15 minutes']
	])('words %i s as %s', (seconds, words) => {
		expect(waitWords(seconds)).toBe(words);
	});
});

describe('addressKey', () => {
	it.each([
		['192.0.2.7', '192.0.2.7'],
		['::ffff:192.0.2.7', '192.0.2.7'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
		['2001:DB8:0001:0002::', '2001:db8:1:2::/64'],
		['2001:db8::7', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['1::2:3:4:5:1.2.3.4', '1:0:2:3::/64'],
		['unknown', 'unknown']
	])('%s counts as %s', (address, key) => {
		expect(addressKey(address)).toBe(key);
	});
});
