import { getDb } from '../db/db';
import { DomainError } from '../errors';
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

/** Creates a personal token; the plain token is returned this once and stored only hashed. */
export async function createApiToken(userId: number, label: string): Promise<{ token: string; summary: ApiTokenSummary }> {
	const token = TOKEN_PREFIX + generateSecret();
	const row = await getDb()
		.insertInto('apiTokens')
		.values({ userId, label, tokenHash: sha256Hex(token), tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6) })
		.returning(['id', 'label', 'tokenPrefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
		.executeTakeFirstOrThrow();
	const { tokenPrefix, ...rest } = row;
	return { token, summary: { ...rest, hint: `${tokenPrefix}…` } };
}

export async function listApiTokens(userId: number): Promise<ApiTokenSummary[]> {
	const rows = await getDb()
		.selectFrom('apiTokens')
		.select(['id', 'label', 'tokenPrefix', 'createdAt', 'lastUsedAt', 'revokedAt'])
		.where('userId', '=', userId)
		.orderBy('revokedAt', (o) => o.desc().nullsFirst())
		.orderBy('createdAt', 'desc')
		.execute();
	return rows.map(({ tokenPrefix, ...rest }) => ({ ...rest, hint: `${tokenPrefix}…` }));
}

export async function revokeApiToken(userId: number, tokenId: number): Promise<void> {
	const row = await getDb()
		.updateTable('apiTokens')
		.set({ revokedAt: new Date() })
		.where('id', '=', tokenId)
		.where('userId', '=', userId)
		.where('revokedAt', 'is', null)
		.returning('id')
		.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'That token does not exist or is already revoked.');
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
