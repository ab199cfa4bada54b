import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { useTestServer } from '../testing/http';
import * as login from './login';
import * as users from '../accounts/users';
import { DEVICE_COOKIE } from './devices';
import { DomainError, RateLimited } from '../errors';
import { getDb } from '../db/db';
import { FREE_ACCOUNT_FAILURES, LOGIN_WINDOW_MS, MAX_ACCOUNT_DELAY_MS, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_CLIENT } from './throttle';
import { SESSION_COOKIE } from './sessions';

// The login throttle and the registration limit against a real database (PGlite, or Postgres
// with TEST_DATABASE_URL): through the verbs, which take the client's address as the routes
// pass it, and over HTTP for what the pages answer.

const database = useTestDatabase();
const db = () => database.handle().db;

const PASSWORD = 'correct horse battery';
const WRONG = 'wrong horse battery';
let serial = 0;
const newAccount = async () => {
	const email = `owner${++serial}@throttle.test`;
	await users.createUser(getDb(), { email, name: `Owner ${serial}`, password: PASSWORD });
	return email;
};

type Outcome = 'in' | 'wrong' | 'throttled';
/** One login attempt: what became of it, and the RateLimited refusal or the device token. */
async function attempt(email: string, password: string, address: string, deviceToken: string | null = null) {
	try {
		const entry = await login.logIn(getDb(), { email, password }, { address, deviceToken });
		return { outcome: 'in' as Outcome, deviceToken: entry.deviceToken, refusal: null };
	} catch (e) {
		if (e instanceof RateLimited) return { outcome: 'throttled' as Outcome, deviceToken: null, refusal: e };
		if (e instanceof DomainError && e.code === 'invalid') return { outcome: 'wrong' as Outcome, deviceToken: null, refusal: null };
		throw e;
	}
}
const outcomes = async (times: number, email: string, address: string, deviceToken: string | null = null) => {
	const seen: Outcome[] = [];
	for (let i = 0; i < times; i++) seen.push((await attempt(email, WRONG, address, deviceToken)).outcome);
	return seen;
};
const counted = (seen: Outcome[]) => ({ wrong: seen.filter((o) => o === 'wrong').length, throttled: seen.filter((o) => o === 'throttled').length });

/** Failures written straight into the table, `secondsApart` from now backwards: a distributed attack's traces. */
async function pastFailures(email: string, addresses: string[], secondsApart = 1) {
	for (const [i, address] of addresses.entries()) {
		await sql`insert into login_failures (account, address, failed_at) values (${email}, ${address}, now() - make_interval(secs => ${i * secondsApart}))`.execute(
			db()
		);
	}
}

describe('the login throttle', () => {
	it('stops an attacker’s address after a few wrong passwords, while the owner gets in at once from elsewhere', async () => {
		const email = await newAccount();
		const seen = await outcomes(50, email, '203.0.113.66');
		expect(counted(seen)).toEqual({ wrong: MAX_FAILURES_PER_CLIENT, throttled: 50 - MAX_FAILURES_PER_CLIENT });
		const refused = await attempt(email, PASSWORD, '203.0.113.66');
		expect(refused.outcome).toBe('throttled');
		expect(refused.refusal!.retryAfterSeconds).toBeGreaterThan(LOGIN_WINDOW_MS / 1000 - 60);
		expect(refused.refusal!.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
		expect(refused.refusal!.message).toMatch(/Try again in 1[45] minutes/);

		// The owner, from another address with no device cookie: in, first time.
		const owner = await attempt(email, PASSWORD, '198.51.100.20');
		expect(owner.outcome).toBe('in');
		// … and from the attacker's own address too, with the browser that has logged in before.
		expect((await attempt(email, PASSWORD, '203.0.113.66', owner.deviceToken)).outcome).toBe('in');

		// The owner's logins forgave the attacker nothing.
		expect((await attempt(email, WRONG, '203.0.113.66')).outcome).toBe('throttled');
	});

	it('counts an IPv6 attacker by the /64, so changing address within it gains nothing', async () => {
		const email = await newAccount();
		const seen: Outcome[] = [];
		for (let i = 1; i <= MAX_FAILURES_PER_CLIENT + 3; i++) seen.push((await attempt(email, WRONG, `2001:db8:77:1::${i.toString(16)}`)).outcome);
		expect(counted(seen)).toEqual({ wrong: MAX_FAILURES_PER_CLIENT, throttled: 3 });
		expect((await attempt(email, PASSWORD, '2001:db8:77:2::1')).outcome).toBe('in');
	});

	it('stops an address spraying one password over many accounts', async () => {
		const seen: Outcome[] = [];
		for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 2; i++) seen.push((await attempt(`nobody${i}@throttle.test`, WRONG, '192.0.2.200')).outcome);
		expect(counted(seen)).toEqual({ wrong: MAX_FAILURES_PER_ADDRESS, throttled: 2 });
		expect((await attempt(await newAccount(), PASSWORD, '192.0.2.201')).outcome).toBe('in');
	});

	it('lets a burst of parallel guesses through no further than the limit', async () => {
		const email = await newAccount();
		const seen = await Promise.all(Array.from({ length: 20 }, async () => (await attempt(email, WRONG, '203.0.113.90')).outcome));
		expect(counted(seen).wrong).toBeLessThanOrEqual(MAX_FAILURES_PER_CLIENT);
		expect(counted(seen).wrong + counted(seen).throttled).toBe(20);
	});

	it('only slows an account down under a distributed attack, and never the owner’s browser', async () => {
		const email = await newAccount();
		const device = (await attempt(email, PASSWORD, '198.51.100.30')).deviceToken!;
		// Two wrong passwords from each of 40 addresses, none over its own limits.
		await pastFailures(
			email,
			Array.from({ length: 80 }, (_, i) => `100.64.${Math.floor(i / 2)}.1`)
		);

		const stranger = await attempt(email, WRONG, '192.0.2.77');
		expect(stranger.outcome).toBe('throttled');
		expect(stranger.refusal!.retryAfterSeconds).toBeLessThanOrEqual(MAX_ACCOUNT_DELAY_MS / 1000);
		expect(stranger.refusal!.message).toMatch(/slowed down\. Try again in \d+ seconds?/);
		// The owner on a new browser is slowed down too, but only by seconds …
		expect((await attempt(email, PASSWORD, '192.0.2.78')).outcome).toBe('throttled');
		// … and on the browser they have used before, not at all.
		expect((await attempt(email, PASSWORD, '192.0.2.79', device)).outcome).toBe('in');
		// The owner's login reopened nothing for the others.
		expect((await attempt(email, WRONG, '192.0.2.80')).outcome).toBe('throttled');

		// Once the gap has passed, one more unknown attempt is judged, and the gap starts again.
		await sql`update login_failures set failed_at = failed_at - make_interval(secs => ${MAX_ACCOUNT_DELAY_MS / 1000}) where account = ${email}`.execute(db());
		expect((await attempt(email, WRONG, '192.0.2.81')).outcome).toBe('wrong');
		expect((await attempt(email, WRONG, '192.0.2.82')).outcome).toBe('throttled');
	});

	it('slows nobody down for one address’s failures and the owner’s own typing', async () => {
		const email = await newAccount();
		await pastFailures(email, Array(MAX_FAILURES_PER_CLIENT).fill('203.0.113.5'));
		expect(counted(await outcomes(MAX_FAILURES_PER_CLIENT - 1, email, '198.51.100.5'))).toEqual({ wrong: MAX_FAILURES_PER_CLIENT - 1, throttled: 0 });
		expect(FREE_ACCOUNT_FAILURES).toBeGreaterThan(2 * MAX_FAILURES_PER_CLIENT - 1);
		expect((await attempt(email, PASSWORD, '198.51.100.5')).outcome).toBe('in');
	});

	it('limits a known browser on its own, and forgives its own mistakes when it gets in', async () => {
		const email = await newAccount();
		const device = (await attempt(email, PASSWORD, '198.51.100.40')).deviceToken!;
		expect(counted(await outcomes(MAX_FAILURES_PER_CLIENT - 1, email, '198.51.100.40', device)).wrong).toBe(MAX_FAILURES_PER_CLIENT - 1);
		expect((await attempt(email, PASSWORD, '198.51.100.40', device)).outcome).toBe('in');
		expect(counted(await outcomes(MAX_FAILURES_PER_CLIENT + 1, email, '198.51.100.40', device))).toEqual({ wrong: MAX_FAILURES_PER_CLIENT, throttled: 1 });
		const locked = await attempt(email, PASSWORD, '198.51.100.41', device);
		expect(locked.refusal?.message).toMatch(/from this browser/);
		// Locking the browser locked nothing else: the same address without the cookie still gets in.
		expect((await attempt(email, PASSWORD, '198.51.100.40')).outcome).toBe('in');
	});

	it('trusts a device cookie only for the accounts it logged in to, and replaces one it did not issue', async () => {
		const mine = await newAccount();
		const theirs = await newAccount();
		const device = (await attempt(mine, PASSWORD, '198.51.100.50')).deviceToken!;
		expect(counted(await outcomes(MAX_FAILURES_PER_CLIENT + 1, theirs, '198.51.100.50', device))).toEqual({ wrong: MAX_FAILURES_PER_CLIENT, throttled: 1 });
		expect((await attempt(mine, PASSWORD, '198.51.100.50', device)).deviceToken).toBe(device);
		const planted = 'x'.repeat(43);
		const entry = await attempt(mine, PASSWORD, '198.51.100.51', planted);
		expect(entry.outcome).toBe('in');
		expect(entry.deviceToken).not.toBe(planted);
	});

	it('forgets failures older than the window', async () => {
		const email = await newAccount();
		await outcomes(MAX_FAILURES_PER_CLIENT, email, '192.0.2.90');
		expect((await attempt(email, PASSWORD, '192.0.2.90')).outcome).toBe('throttled');
		await sql`update login_failures set failed_at = failed_at - make_interval(secs => ${LOGIN_WINDOW_MS / 1000}) where account = ${email}`.execute(db());
		expect((await attempt(email, PASSWORD, '192.0.2.90')).outcome).toBe('in');
	});
});

describe('the registration limit', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
	});
	const register = (address: string, email = `new${++serial}@throttle.test`, password = PASSWORD) =>
		login.register(getDb(), { name: 'New Person', email, password }, address);

	it('lets one address create REGISTRATIONS_PER_HOUR accounts an hour, counting a taken email but not a mistyped form', async () => {
		vi.stubEnv('REGISTRATIONS_PER_HOUR', '3');
		await expect(register('203.0.113.120', 'not an email')).rejects.toMatchObject({ code: 'invalid' });
		await register('203.0.113.120');
		const taken = `taken${serial}@throttle.test`;
		await register('203.0.113.120', taken);
		await expect(register('203.0.113.120', taken)).rejects.toMatchObject({ code: 'conflict' });
		const refusal = await register('203.0.113.120').catch((e) => e);
		expect(refusal).toBeInstanceOf(RateLimited);
		expect(refusal.message).toMatch(/Try again in (59|60) minutes/);
		expect(refusal.retryAfterSeconds).toBeGreaterThan(3500);
		expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(3600);
		await register('203.0.113.121');
	});
});

// What the pages answer (one address here: the test server sees every request from 127.0.0.1).
describe('the login and registration forms over HTTP', () => {
	const server = useTestServer();
	let email: string;
	beforeAll(async () => {
		email = await newAccount();
	});
	afterEach(() => {
		vi.unstubAllEnvs();
	});

	const post = (path: string, form: Record<string, string>, cookie?: string) =>
		server.fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.origin, ...(cookie ? { cookie } : {}) },
			body: new URLSearchParams(form).toString()
		});
	const cookieFrom = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

	it('gives the browser a device cookie at login that lets it in while its address is throttled', async () => {
		const first = await post('/login', { email, password: PASSWORD });
		expect(first.status).toBe(303);
		const setCookie = cookieFrom(first, DEVICE_COOKIE)!;
		expect(setCookie).toBeDefined();
		const attributes = setCookie.split(';').map((a) => a.trim().toLowerCase());
		expect(attributes).toEqual(expect.arrayContaining(['path=/login', 'httponly', 'samesite=strict']));
		expect(attributes.find((a) => a.startsWith('max-age='))).toBe('max-age=31536000');
		const device = setCookie.slice(0, setCookie.indexOf(';'));

		for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) expect((await post('/login', { email, password: WRONG })).status).toBe(400);
		const throttled = await post('/login', { email, password: PASSWORD });
		expect(throttled.status).toBe(429);
		const retryAfter = Number(throttled.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
		expect(await throttled.text()).toMatch(/Too many failed logins for this account from your network address\. Try again in \d+ minutes?/);
		expect(cookieFrom(throttled, SESSION_COOKIE)).toBeUndefined();

		const owner = await post('/login', { email, password: PASSWORD }, device);
		expect(owner.status).toBe(303);
		expect(cookieFrom(owner, SESSION_COOKIE)).toBeDefined();
	});

	it('answers the registration form with 429 and Retry-After past the limit', async () => {
		vi.stubEnv('REGISTRATIONS_PER_HOUR', '1');
		const first = await post('/register', { name: 'First Person', email: `first${++serial}@throttle.test`, password: PASSWORD });
		expect(first.status).toBe(303);
		expect(cookieFrom(first, DEVICE_COOKIE)).toBeDefined();
		const second = await post('/register', { name: 'Second Person', email: `second${serial}@throttle.test`, password: PASSWORD });
		expect(second.status).toBe(429);
		expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(3500);
		expect(await second.text()).toMatch(/Too many accounts were created from your network address\. Try again in \d+ minutes/);
	});
});
