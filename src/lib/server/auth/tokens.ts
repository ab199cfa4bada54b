import { z } from 'zod';
import { getDb, type Database } from '../db/db';
import { once, idempotencyKeySchema } from '../db/idempotency';
import { DomainError, validate, type Input } from '../errors';
import { idSchema, textSchema } from '../../validation';
import { generateSecret, sha256Hex } from './secrets';
import type { AuthUser } from './sessions';

export const TOKEN_PREFIX = 'rdn_';

export interface ApiTokenSummary {
	id: number;
	label: string;
	/** The token's first characters, enough to recognise it, never enough to use it. */
	hint: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

export const newTokenSchema = z.object({
	label: textSchema(80, 'Use at most 80 characters for the label.')
		.optional()
		.transform((l) => l || 'API token'),
	idempotencyKey: idempotencyKeySchema
});
export const tokenTargetSchema = z.object({ tokenId: idSchema('Choose a token to revoke.') });

/**
 * Creates a personal token for the actor; the plain token is returned this once and stored only
 * hashed. The same form sent twice (one idempotency key) creates one token: the second request
 * is refused with a conflict that says so, since the token was shown to the first one alone.
 */
export async function createApiToken(db: Database, actor: AuthUser, input: Input<typeof newTokenSchema>): Promise<{ token: string; summary: ApiTokenSummary }> {
	const { label, idempotencyKey } = validate(newTokenSchema, input);
	const token = TOKEN_PREFIX + generateSecret();
	// What the key keeps is the token's id and label: never the token itself.
	const { result, replayed } = await once(db, actor, idempotencyKey, 'token.create', async (trx) => {
		const row = await trx
			.insertInto('apiTokens')
			.values({ userId: actor.id, label, tokenHash: sha256Hex(token), tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6) })
			.returning(['id', 'label'])
			.executeTakeFirstOrThrow();
		return row;
	});
	if (replayed) {
		throw new DomainError(
			'conflict',
			`This form was sent twice: the token “${result.label}” was made by the first click and shown only to it. If you did not copy it, revoke it and create another.`
		);
	}
	return { token, summary: summaryOf(await tokenSummaries(db, actor.id).where('id', '=', result.id).executeTakeFirstOrThrow()) };
}

type TokenRow = Omit<ApiTokenSummary, 'hint'> & { tokenPrefix: string };
const summaryOf = ({ tokenPrefix, ...rest }: TokenRow): ApiTokenSummary => ({ ...rest, hint: `${tokenPrefix}…` });

const tokenSummaries = (db: Database, userId: number) =>
	db.selectFrom('apiTokens').select(['id', 'label', 'tokenPrefix', 'createdAt', 'lastUsedAt', 'revokedAt']).where('userId', '=', userId);

export async function listApiTokens(db: Database, actor: AuthUser): Promise<ApiTokenSummary[]> {
	const rows = await tokenSummaries(db, actor.id)
		.orderBy('revokedAt', (o) => o.desc().nullsFirst())
		.orderBy('createdAt', 'desc')
		.execute();
	return rows.map(summaryOf);
}

/** Revokes one of the actor's own tokens; anyone else's is "not found". */
export async function revokeApiToken(db: Database, actor: AuthUser, input: Input<typeof tokenTargetSchema>): Promise<void> {
	const { tokenId } = validate(tokenTargetSchema, input);
	const row = await db
		.updateTable('apiTokens')
		.set({ revokedAt: new Date() })
		.where('id', '=', tokenId)
		.where('userId', '=', actor.id)
		.where('revokedAt', 'is', null)
		.returning('id')
		.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'That token does not exist or is already revoked.', 'tokenId');
	forgetCheckedTokens();
}

/**
 * How long a checked token is trusted without asking the database again. A client sending
 * hundreds of requests a second would otherwise pay a round trip per request for the same
 * answer; revoking a token or changing its user clears this at once in this process, and
 * another app process (several behind one database) sees the change within this window.
 */
export const TOKEN_CHECK_TTL_MS = 1_000;
const MAX_CHECKED = 10_000;
const checked = new Map<string, { user: AuthUser; until: number }>();

/** Drops every remembered token check; called whenever a token or a user changes. */
export function forgetCheckedTokens(): void {
	checked.clear();
}

/** The user a bearer token belongs to, or null for unknown, revoked or disabled-account tokens. */
export async function authenticateApiToken(token: string): Promise<AuthUser | null> {
	if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
	const hash = sha256Hex(token);
	const now = Date.now();
	const hit = checked.get(hash);
	if (hit && hit.until > now) return hit.user;

	const db = getDb();
	const row = await db
		.selectFrom('apiTokens')
		.innerJoin('users', 'users.id', 'apiTokens.userId')
		.select(['apiTokens.id as tokenId', 'apiTokens.lastUsedAt', 'users.id', 'users.email', 'users.name', 'users.role'])
		.where('apiTokens.tokenHash', '=', hash)
		.where('apiTokens.revokedAt', 'is', null)
		.where('users.disabledAt', 'is', null)
		.executeTakeFirst();
	if (!row) {
		checked.delete(hash);
		return null;
	}
	// Record use at most once a minute: a write per request would double the cost of reads.
	if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
		await db.updateTable('apiTokens').set({ lastUsedAt: new Date() }).where('id', '=', row.tokenId).execute();
	}
	const user: AuthUser = { id: row.id, email: row.email, name: row.name, role: row.role };
	// Bounded: past the limit everything is dropped; re-checking costs less than tracking age.
	if (checked.size >= MAX_CHECKED) checked.clear();
	checked.set(hash, { user, until: now + TOKEN_CHECK_TTL_MS });
	return user;
}
