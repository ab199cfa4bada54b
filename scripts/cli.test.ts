import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../src/lib/server/testing/test-db';
import { runCommand, UsageError } from './cli-commands';
import { getDb } from '../src/lib/server/db/db';
import * as users from '../src/lib/server/accounts/users';
import { authenticateApiToken } from '../src/lib/server/auth/tokens';

const run = promisify(execFile);

describe('admin CLI commands', () => {
	useTestDatabase();

	it('creates an admin and prints a working token as the last line', async () => {
		const created = await runCommand('create-user', { email: 'ops@example.org', password: 'long-enough', admin: true });
		expect(created.join('\n')).toMatch(/Created admin ops@example.org/);
		const lines = await runCommand('create-token', { email: 'ops@example.org', label: 'deploy' });
		const token = lines.at(-1)!;
		expect(token).toMatch(/^rdn_[A-Za-z0-9_-]{43}$/);
		expect((await authenticateApiToken(token))?.email).toBe('ops@example.org');
	});

	it('creates a plain user without --admin', async () => {
		await runCommand('create-user', { email: 'plain@example.org', password: 'long-enough', name: 'Plain' });
		expect((await users.findUserByEmail(getDb(), 'plain@example.org'))?.role).toBe('user');
	});

	it('refuses bad arguments with a usage error', async () => {
		await expect(runCommand('create-user', { email: 'not-an-email', password: 'long-enough' })).rejects.toThrow(UsageError);
		await expect(runCommand('create-user', { email: 'x@example.org', password: 'short' })).rejects.toThrow(/at least 8/);
		await expect(runCommand('create-user', { email: 'x@example.org' })).rejects.toThrow(/Missing --password/);
		await expect(runCommand('create-token', { email: 'nobody@example.org' })).rejects.toThrow(/No account/);
		await expect(runCommand('create-user', { email: 'ops@example.org', password: 'long-enough' })).rejects.toThrow(/already exists/);
	});
});

describe('admin CLI process', () => {
	it('prints usage and exits non-zero for an unknown command or option', async () => {
		for (const args of [['bogus'], ['create-user', '--nope'], []]) {
			const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args]).then(
				() => null,
				(e: { code: number; stdout: string; stderr: string }) => e
			);
			expect(failure?.code, args.join(' ')).toBe(2);
			expect(failure!.stdout + failure!.stderr).toContain('Usage: npm run cli');
		}
	});
});
