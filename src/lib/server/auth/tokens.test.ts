import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import * as tokens from './tokens';
import * as users from '../accounts/users';
import { sha256Hex } from './secrets';
import type { AuthUser } from './sessions';
import { getDb } from '../db/db';

const db = useTestDatabase();
let admin: AuthUser;
let user: AuthUser;

beforeAll(async () => {
	admin = await users.createUser(getDb(), { email: 'admin@tokens.test', name: 'Admin', password: 'correct horse' });
	user = await users.createUser(getDb(), { email: 'user@tokens.test', name: 'User', password: 'correct horse' });
});

afterEach(() => {
	vi.useRealTimers();
	tokens.forgetCheckedTokens();
});

/** Revokes behind this process's back, as another app process on the same database would. */
async function revokeElsewhere(token: string): Promise<void> {
	await db.handle().db.updateTable('apiTokens').set({ revokedAt: new Date() }).where('tokenHash', '=', sha256Hex(token)).execute();
}

describe('bearer token checks', () => {
	it('are remembered for at most TOKEN_CHECK_TTL_MS when the change happens in another process', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const { token } = await tokens.createApiToken(getDb(), user, { label: 'elsewhere' });
		expect((await tokens.authenticateApiToken(token))?.id).toBe(user.id);
		await revokeElsewhere(token);
		// Within the window the remembered answer stands…
		expect((await tokens.authenticateApiToken(token))?.id).toBe(user.id);
		// …and once it has passed the database decides again.
		vi.setSystemTime(Date.now() + tokens.TOKEN_CHECK_TTL_MS + 1);
		expect(await tokens.authenticateApiToken(token)).toBeNull();
	});

	it('stop working at once when the token is revoked here', async () => {
		const { token, summary } = await tokens.createApiToken(getDb(), user, { label: 'revoke' });
		expect(await tokens.authenticateApiToken(token)).not.toBeNull();
		await tokens.revokeApiToken(getDb(), user, { tokenId: summary.id });
		expect(await tokens.authenticateApiToken(token)).toBeNull();
	});

	it('see a role change and a disabled account at once', async () => {
		const { token } = await tokens.createApiToken(getDb(), user, { label: 'user changes' });
		expect((await tokens.authenticateApiToken(token))?.role).toBe('user');
		await users.setUserRole(getDb(), admin, { userId: user.id, role: 'admin' });
		expect((await tokens.authenticateApiToken(token))?.role).toBe('admin');
		await users.disableUser(getDb(), admin, { userId: user.id });
		expect(await tokens.authenticateApiToken(token)).toBeNull();
	});
});
