import { sql } from 'kysely';
import type { Database } from '../db/db';

// Failed logins are counted in the database so every app process sees the same numbers.
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

export type LoginGate = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

export async function checkLoginAllowed(db: Database, email: string, ip: string): Promise<LoginGate> {
	const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
	const rows = await db
		.selectFrom('loginFailures')
		.select(['key', sql<number>`count(*)::int`.as('failures'), sql<Date>`min(failed_at)`.as('oldest')])
		.where('key', 'in', [accountKey(email), addressKey(ip)])
		.where('failedAt', '>', since)
		.groupBy('key')
		.execute();
	for (const row of rows) {
		const limit = row.key.startsWith('email:') ? MAX_FAILURES_PER_ACCOUNT : MAX_FAILURES_PER_ADDRESS;
		if (row.failures >= limit) {
			const reopensAt = new Date(row.oldest).getTime() + LOGIN_WINDOW_MINUTES * 60_000;
			const retryAfterSeconds = Math.max(1, Math.ceil((reopensAt - Date.now()) / 1000));
			const minutes = Math.ceil(retryAfterSeconds / 60);
			const who = row.key.startsWith('email:') ? 'this account' : 'your network address';
			return {
				allowed: false,
				retryAfterSeconds,
				message: `Too many failed login attempts for ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to reset your password.`
			};
		}
	}
	return { allowed: true };
}

export async function recordLoginFailure(db: Database, email: string, ip: string): Promise<void> {
	await db
		.insertInto('loginFailures')
		.values([{ key: accountKey(email) }, { key: addressKey(ip) }])
		.execute();
	// Keep the table small: rows older than the window no longer count.
	await db
		.deleteFrom('loginFailures')
		.where('failedAt', '<', new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000))
		.execute();
}

/** A successful login forgives the account's earlier failures (not the address's). */
export async function clearLoginFailures(db: Database, email: string): Promise<void> {
	await db.deleteFrom('loginFailures').where('key', '=', accountKey(email)).execute();
}
