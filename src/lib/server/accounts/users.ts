import { sql } from 'kysely';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { hashPassword, verifyPassword, type AuthUser } from '../auth/sessions';
import { generateSecret } from '../auth/secrets';
import { forgetCheckedTokens } from '../auth/tokens';
import type { UserRole } from '../db/schema.generated';

export interface UserSummary extends AuthUser {
	createdAt: Date;
	disabled: boolean;
}

export interface NewUser {
	email: string;
	name: string;
	password: string;
	/** Forces the global role; otherwise the first account becomes admin and later ones users. */
	role?: UserRole;
}

// Serialises registrations so exactly one "first user" becomes admin.
const FIRST_USER_LOCK = 7_301_001;

export async function createUser(input: NewUser): Promise<AuthUser> {
	const passwordHash = await hashPassword(input.password);
	return getDb()
		.transaction()
		.execute(async (trx) => {
			await sql`select pg_advisory_xact_lock(${FIRST_USER_LOCK})`.execute(trx);
			const taken = await trx
				.selectFrom('users')
				.select('id')
				.where(sql<string>`lower(email)`, '=', input.email.toLowerCase())
				.executeTakeFirst();
			if (taken) throw new DomainError('conflict', 'An account with this email already exists. Log in instead.', 'email');
			const { count } = await trx
				.selectFrom('users')
				.select(sql<number>`count(*)::int`.as('count'))
				.executeTakeFirstOrThrow();
			const role: UserRole = input.role ?? (count === 0 ? 'admin' : 'user');
			return trx
				.insertInto('users')
				.values({ email: input.email, name: input.name, passwordHash, role })
				.returning(['id', 'email', 'name', 'role'])
				.executeTakeFirstOrThrow();
		});
}

export async function findUserByEmail(email: string): Promise<(AuthUser & { disabled: boolean }) | null> {
	const row = await getDb()
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'disabledAt'])
		.where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
		.executeTakeFirst();
	if (!row) return null;
	const { disabledAt, ...user } = row;
	return { ...user, disabled: disabledAt !== null };
}

export type Credentials = { ok: true; user: AuthUser } | { ok: false; reason: 'invalid' | 'disabled' };

export async function checkCredentials(email: string, password: string): Promise<Credentials> {
	const row = await getDb()
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'passwordHash', 'disabledAt'])
		.where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
		.executeTakeFirst();
	// Hash anyway for unknown emails so response time does not reveal which accounts exist.
	const valid = await verifyPassword(row?.passwordHash ?? (await dummyHash()), password);
	if (!row || !valid) return { ok: false, reason: 'invalid' };
	if (row.disabledAt) return { ok: false, reason: 'disabled' };
	return { ok: true, user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
	dummy ??= hashPassword(generateSecret());
	return dummy;
}

export async function listUsers(): Promise<UserSummary[]> {
	const rows = await getDb()
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'createdAt', 'disabledAt'])
		.orderBy('createdAt')
		.orderBy('id')
		.execute();
	return rows.map(({ disabledAt, ...u }) => ({ ...u, disabled: disabledAt !== null }));
}

/** Changes a user's global role; the last active admin cannot be demoted. */
export async function setUserRole(userId: number, role: UserRole): Promise<void> {
	await getDb()
		.transaction()
		.execute(async (trx) => {
			// Lock the admins so two demotions cannot both pass the check.
			const admins = await trx
				.selectFrom('users')
				.select('id')
				.where('role', '=', 'admin')
				.where('disabledAt', 'is', null)
				.forUpdate()
				.execute();
			const target = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
			if (!target) throw new DomainError('not_found', 'No such user.');
			const otherAdmins = admins.filter((a) => a.id !== userId);
			if (target.role === 'admin' && role !== 'admin' && otherAdmins.length === 0) {
				throw new DomainError('conflict', 'Rendition needs at least one active administrator; promote someone else first.');
			}
			await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
		});
	forgetCheckedTokens();
}

/** Disables an account and ends all of its sessions at once. */
export async function disableUser(userId: number, actorId: number): Promise<void> {
	if (userId === actorId) throw new DomainError('conflict', 'You cannot disable your own account.');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const updated = await trx
				.updateTable('users')
				.set({ disabledAt: new Date() })
				.where('id', '=', userId)
				.where('disabledAt', 'is', null)
				.returning('id')
				.executeTakeFirst();
			if (!updated) {
				const exists = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
				if (!exists) throw new DomainError('not_found', 'No such user.');
			}
			await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
		});
	forgetCheckedTokens();
}

export async function enableUser(userId: number): Promise<void> {
	const updated = await getDb()
		.updateTable('users')
		.set({ disabledAt: null })
		.where('id', '=', userId)
		.returning('id')
		.executeTakeFirst();
	if (!updated) throw new DomainError('not_found', 'No such user.');
}
