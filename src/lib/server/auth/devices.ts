import { sql } from 'kysely';
import type { Database } from '../db/db';
import { generateSecret, sha256Hex } from './secrets';

// A browser that has logged in to an account before carries a device cookie: a random token,
// stored as its SHA-256 beside each account it logged in to. It grants nothing by itself; it
// only lets the login throttle tell the owner's browser from an attacker's (./throttle.ts).

export const DEVICE_COOKIE = 'rendition_device';
const DEVICE_DAYS = 365;
const fresh = sql<Date>`now() - make_interval(days => ${DEVICE_DAYS})`;

/** The device's digest when `token` has logged in to the account with this (lower-cased) email; else null. */
export async function knownDevice(db: Database, token: string, account: string): Promise<string | null> {
	const row = await db
		.selectFrom('loginDevices')
		.innerJoin('users', 'users.id', 'loginDevices.userId')
		.select('loginDevices.device')
		.where('loginDevices.device', '=', sha256Hex(token))
		.where(sql<string>`lower(users.email)`, '=', account)
		.where('loginDevices.lastLoginAt', '>', fresh)
		.executeTakeFirst();
	return row?.device ?? null;
}

/**
 * Records that this browser logged in to the user's account and returns the token its cookie
 * should hold: the one it sent when that was already known for this user, else a new one, so a
 * token planted in the browser by someone else never becomes trusted.
 */
export async function rememberDevice(db: Database, userId: number, token: string | null, known: boolean): Promise<string> {
	const kept = known && token ? token : generateSecret();
	await db
		.insertInto('loginDevices')
		.values({ device: sha256Hex(kept), userId })
		.onConflict((oc) => oc.columns(['device', 'userId']).doUpdateSet({ lastLoginAt: sql`now()` }))
		.execute();
	await db.deleteFrom('loginDevices').where('lastLoginAt', '<', fresh).execute();
	return kept;
}

export interface DeviceCookie {
	name: string;
	value: string;
	attributes: { path: string; httpOnly: true; sameSite: 'strict'; secure: boolean; maxAge: number };
}

/** Sent only to the login page, where it is read. */
export function deviceCookie(token: string, secure: boolean): DeviceCookie {
	return { name: DEVICE_COOKIE, value: token, attributes: { path: '/login', httpOnly: true, sameSite: 'strict', secure, maxAge: DEVICE_DAYS * 86_400 } };
}
