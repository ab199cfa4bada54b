import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAdministrator } from '../permissions';
import { hashPassword, verifyPassword, type AuthUser } from '../auth/sessions';
import { generateSecret } from '../auth/secrets';
import { forgetCheckedTokens } from '../auth/tokens';
import { idSchema, registrationSchema, userRoleSchema } from '../../validation';
import type { UserRole } from '../db/schema.generated';

export interface UserSummary extends AuthUser {
	createdAt: Date;
	disabled: boolean;
}

// Serialises registrations so exactly one "first user" becomes admin.
const FIRST_USER_LOCK = 7_301_001;

/**
 * Registers an account. The first account becomes admin and later ones users, unless `role` is
 * forced (the CLI and the demo do; no form can, since the role is not part of the input).
 */
export async function createUser(db: Database, input: Input<typeof registrationSchema>, options: { role?: UserRole } = {}): Promise<AuthUser> {
	const { name, email, password } = validate(registrationSchema, input);
	const passwordHash = await hashPassword(password);
	return inTransaction(db, async (trx) => {
		await sql`select pg_advisory_xact_lock(${FIRST_USER_LOCK})`.execute(trx);
		const taken = await trx
			.selectFrom('users')
			.select('id')
			.where(sql<string>`lower(email)`, '=', email.toLowerCase())
			.executeTakeFirst();
		if (taken) throw new DomainError('conflict', 'An account with this email already exists. Log in instead.', 'email');
		const { count } = await trx
			.selectFrom('users')
			.select(sql<number>`count(*)::int`.as('count'))
			.executeTakeFirstOrThrow();
		const role: UserRole = options.role ?? (count === 0 ? 'admin' : 'user');
		return trx.insertInto('users').values({ email, name, passwordHash, role }).returning(['id', 'email', 'name', 'role']).executeTakeFirstOrThrow();
	});
}

/** The account with this email (any case), or null; an address no account can have finds none. */
export async function findUserByEmail(db: Database, email: string): Promise<(AuthUser & { disabled: boolean }) | null> {
	const wanted = email.trim().toLowerCase();
	if (!isStorable(wanted)) return null;
	const row = await db
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'disabledAt'])
		.where(sql<string>`lower(email)`, '=', wanted)
		.executeTakeFirst();
	if (!row) return null;
	const { disabledAt, ...user } = row;
	return { ...user, disabled: disabledAt !== null };
}

// Postgres refuses NUL in text; no stored address contains a control character.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const isStorable = (text: string) => !/[\u0000-\u001F\u007F]/.test(text);

export const credentialsSchema = z.object({
	email: z
		.string({ error: 'Enter your email address and password.' })
		.trim()
		.min(1, 'Enter your email address and password.')
		.max(254, 'That email address is too long.')
		.refine(isStorable, 'An email address cannot contain control characters.'),
	password: z
		.string({ error: 'Enter your email address and password.' })
		.min(1, 'Enter your email address and password.')
		.max(256, 'Passwords have at most 256 characters.')
});

export type Credentials = { ok: true; user: AuthUser } | { ok: false; reason: 'invalid' | 'disabled' };

/** Checks an email and password (validated: empty, oversized or unstorable input is a DomainError). */
export async function checkCredentials(db: Database, input: Input<typeof credentialsSchema>): Promise<Credentials> {
	const { email, password } = validate(credentialsSchema, input);
	const row = await db
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'passwordHash', 'disabledAt'])
		.where(sql<string>`lower(email)`, '=', email.toLowerCase())
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

export async function listUsers(db: Database, actor: AuthUser): Promise<UserSummary[]> {
	requireAdministrator(actor);
	const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'createdAt', 'disabledAt']).orderBy('createdAt').orderBy('id').execute();
	return rows.map(({ disabledAt, ...u }) => ({ ...u, disabled: disabledAt !== null }));
}

const userIdSchema = idSchema('Choose a user.');
export const userTargetSchema = z.object({ userId: userIdSchema });
export const userRoleChangeSchema = z.object({ userId: userIdSchema, role: userRoleSchema });

/** Changes a user's global role; the last active admin cannot be demoted. */
export async function setUserRole(db: Database, actor: AuthUser, input: Input<typeof userRoleChangeSchema>): Promise<void> {
	requireAdministrator(actor);
	const { userId, role } = validate(userRoleChangeSchema, input);
	await inTransaction(db, async (trx) => {
		// Lock the admins so two demotions cannot both pass the check.
		const admins = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabledAt', 'is', null).forUpdate().execute();
		const target = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
		if (!target) throw new DomainError('not_found', 'No such user.', 'userId');
		const otherAdmins = admins.filter((a) => a.id !== userId);
		if (target.role === 'admin' && role !== 'admin' && otherAdmins.length === 0) {
			throw new DomainError('conflict', 'Rendition needs at least one active administrator; promote someone else first.');
		}
		await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
	});
	forgetCheckedTokens();
}

/** Disables an account and ends all of its sessions at once. */
export async function disableUser(db: Database, actor: AuthUser, input: Input<typeof userTargetSchema>): Promise<void> {
	requireAdministrator(actor);
	const { userId } = validate(userTargetSchema, input);
	if (userId === actor.id) throw new DomainError('conflict', 'You cannot disable your own account.');
	await inTransaction(db, async (trx) => {
		const updated = await trx
			.updateTable('users')
			.set({ disabledAt: new Date() })
			.where('id', '=', userId)
			.where('disabledAt', 'is', null)
			.returning('id')
			.executeTakeFirst();
		if (!updated) {
			const exists = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
			if (!exists) throw new DomainError('not_found', 'No such user.', 'userId');
		}
		await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
	});
	forgetCheckedTokens();
}

export async function enableUser(db: Database, actor: AuthUser, input: Input<typeof userTargetSchema>): Promise<void> {
	requireAdministrator(actor);
	const { userId } = validate(userTargetSchema, input);
	const updated = await db.updateTable('users').set({ disabledAt: null }).where('id', '=', userId).returning('id').executeTakeFirst();
	if (!updated) throw new DomainError('not_found', 'No such user.', 'userId');
}
