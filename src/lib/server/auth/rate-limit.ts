import { sql } from 'kysely';
import type { Database } from '../db/db';
import { RateLimited } from '../errors';
import { knownDevice } from './devices';
import {
	addressKey,
	judgeLogin,
	LOGIN_WINDOW_MS,
	MAX_FAILURES_PER_ADDRESS,
	MAX_FAILURES_PER_CLIENT,
	reopensAt,
	waitWords,
	type LoginHistory
} from './throttle';

// Login and registration limits, counted in the database so every app process sees the same
// numbers. An attempt is written down before its password is checked and judged with the
// others already there, so a burst of parallel guesses counts itself in: at most the limit
// of them get through. A refused attempt leaves no row (hammering cannot fill the table).

/** Who is trying: the client's address and the device cookie its browser sent, if any. */
export interface LoginClient {
	address: string;
	deviceToken: string | null;
}

/** An attempt in progress: a failure unless `loginSucceeded` says otherwise. */
export interface LoginAttempt {
	id: number;
	account: string;
	/** The device's digest when the browser has logged in to this account before. */
	device: string | null;
}

const accountKey = (email: string) => email.trim().toLowerCase();

/** Counts the attempt and lets it go on, or throws RateLimited (with the seconds to wait). */
export async function beginLoginAttempt(db: Database, email: string, client: LoginClient): Promise<LoginAttempt> {
	const account = accountKey(email);
	const address = addressKey(client.address);
	const device = client.deviceToken ? await knownDevice(db, client.deviceToken, account) : null;
	const { id, failedAt } = await db.insertInto('loginFailures').values({ account, address, device }).returning(['id', 'failedAt']).executeTakeFirstOrThrow();
	const since = new Date(failedAt.getTime() - LOGIN_WINDOW_MS);
	const verdict = judgeLogin(await loginHistory(db, { id, account, address, device }, since), failedAt.getTime());
	if (!verdict.allowed) {
		await db.deleteFrom('loginFailures').where('id', '=', id).execute();
		throw new RateLimited(verdict.message, verdict.retryAfterSeconds);
	}
	await db.deleteFrom('loginFailures').where('failedAt', '<', since).execute();
	return { id, account, device };
}

/**
 * The password was right: the attempt was no failure, and a known browser's own earlier
 * failures are forgiven. Other failures on the account stay until they age out: forgiving
 * them would hand an attacker who shares the owner's address (or a botnet slowed down on the
 * account) a fresh allowance at every one of the owner's logins.
 */
export async function loginSucceeded(db: Database, attempt: LoginAttempt): Promise<void> {
	let forgiven = db.deleteFrom('loginFailures').where('id', '=', attempt.id);
	if (attempt.device) forgiven = db.deleteFrom('loginFailures').where('account', '=', attempt.account).where('device', '=', attempt.device);
	await forgiven.execute();
}

async function loginHistory(db: Database, attempt: LoginAttempt & { address: string }, since: Date): Promise<LoginHistory> {
	const others = db.selectFrom('loginFailures').where('id', '<>', attempt.id).where('failedAt', '>', since);
	const newest = async (query: typeof others, limit: number) =>
		(await query.select('failedAt').orderBy('failedAt', 'desc').limit(limit).execute()).map((r) => r.failedAt);
	if (attempt.device) {
		return { trusted: true, device: await newest(others.where('account', '=', attempt.account).where('device', '=', attempt.device), MAX_FAILURES_PER_CLIENT) };
	}
	const unknown = others.where('device', 'is', null);
	const [address, pair, account] = await Promise.all([
		newest(unknown.where('address', '=', attempt.address), MAX_FAILURES_PER_ADDRESS),
		newest(unknown.where('address', '=', attempt.address).where('account', '=', attempt.account), MAX_FAILURES_PER_CLIENT),
		unknown
			.where('account', '=', attempt.account)
			.select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`max(failed_at)`.as('newest')])
			.executeTakeFirstOrThrow()
	]);
	return { trusted: false, address, pair, account: { count: Number(account.count), newest: account.newest && new Date(account.newest) } };
}

const HOUR_MS = 60 * 60_000;
const DEFAULT_REGISTRATIONS_PER_HOUR = 10;

/** REGISTRATIONS_PER_HOUR: accounts one address may try to create in an hour (default 10). */
function registrationsPerHour(env: NodeJS.ProcessEnv = process.env): number {
	const value = Number(env.REGISTRATIONS_PER_HOUR);
	return Number.isInteger(value) && value > 0 ? value : DEFAULT_REGISTRATIONS_PER_HOUR;
}

/** Counts a registration from `address`, or throws RateLimited. */
export async function countRegistration(db: Database, address: string): Promise<void> {
	const key = addressKey(address);
	const limit = registrationsPerHour();
	const { id, attemptedAt } = await db.insertInto('registrationAttempts').values({ address: key }).returning(['id', 'attemptedAt']).executeTakeFirstOrThrow();
	const since = new Date(attemptedAt.getTime() - HOUR_MS);
	const earlier = await db
		.selectFrom('registrationAttempts')
		.select('attemptedAt')
		.where('address', '=', key)
		.where('id', '<>', id)
		.where('attemptedAt', '>', since)
		.orderBy('attemptedAt', 'desc')
		.limit(limit)
		.execute();
	if (earlier.length >= limit) {
		await db.deleteFrom('registrationAttempts').where('id', '=', id).execute();
		const until = reopensAt(
			earlier.map((r) => r.attemptedAt),
			limit,
			HOUR_MS
		)!;
		const seconds = Math.max(1, Math.ceil((until - attemptedAt.getTime()) / 1000));
		throw new RateLimited(`Too many accounts were created from your network address. Try again in ${waitWords(seconds)}.`, seconds);
	}
	await db.deleteFrom('registrationAttempts').where('attemptedAt', '<', since).execute();
}
