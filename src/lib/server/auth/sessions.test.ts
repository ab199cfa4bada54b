import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './sessions';

describe('password hashing', () => {
	it('uses argon2id and verifies only the right password', async () => {
		const stored = await hashPassword('correct horse battery');
		expect(stored.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse batterz')).toBe(false);
	});
	it('treats a malformed stored hash as a mismatch, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
	});
});
