import { DomainError } from '../src/lib/server/errors';
import { getDb } from '../src/lib/server/db/db';
import * as users from '../src/lib/server/accounts/users';
import * as tokens from '../src/lib/server/auth/tokens';
import { isDatabaseEmpty, seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/lib/server/demo/demo';
import { displayNameSchema, emailSchema, firstIssue, passwordSchema, tokenLabelSchema } from '../src/lib/validation';
import type { z } from 'zod';
import { loadDemoArticle } from './demo-article';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-user  --email E --password P [--name N] [--admin]
               Creates an account (a global admin with --admin).
  create-token --email E [--label L]
               Creates a personal API token for that account; the token is the last line printed.
  seed-demo    Creates the demo accounts and project on an empty database.
  migrate      Applies pending migrations.
  migrate-down Reverts the most recent migration.

The database is DATABASE_URL when set, else the embedded one under DATA_DIR (./data/pglite).`;

export const COMMANDS = ['create-user', 'create-token', 'seed-demo', 'migrate', 'migrate-down'];

export class UsageError extends Error {}

export interface CliOptions {
	email?: string;
	password?: string;
	name?: string;
	label?: string;
	admin?: boolean;
}

function valid<S extends z.ZodType>(schema: S, value: unknown, option: string): z.output<S> {
	if (value === undefined) throw new UsageError(`Missing --${option}.`);
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new UsageError(`--${option}: ${firstIssue(parsed.error).message}`);
	return parsed.data;
}

/** Runs one command and returns the lines to print; throws UsageError for bad arguments. */
export async function runCommand(command: string, options: CliOptions): Promise<string[]> {
	try {
		switch (command) {
			case 'create-user': {
				const email = valid(emailSchema, options.email, 'email');
				const password = valid(passwordSchema, options.password, 'password');
				const name = valid(displayNameSchema, options.name ?? email.split('@')[0], 'name');
				const user = await users.createUser(getDb(), { email, password, name }, { role: options.admin ? 'admin' : 'user' });
				return [`Created ${user.role} ${user.email} (id ${user.id}).`];
			}
			case 'create-token': {
				const email = valid(emailSchema, options.email, 'email');
				const label = valid(tokenLabelSchema, options.label ?? 'CLI token', 'label');
				const user = await users.findUserByEmail(getDb(), email);
				if (!user) throw new UsageError(`No account uses ${email}.`);
				if (user.disabled) throw new UsageError(`The account ${email} is disabled.`);
				const { token } = await tokens.createApiToken(getDb(), user, { label });
				return [`Token “${label}” for ${user.email} (shown once, store it now):`, token];
			}
			case 'seed-demo': {
				if (!(await isDatabaseEmpty())) {
					return ['The database already has accounts; demo data is only added to an empty database.'];
				}
				await seedDemo(await loadDemoArticle());
				return [`Demo accounts ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} created; password ${DEMO_PASSWORD}.`];
			}
			default:
				throw new UsageError(`Unknown command “${command}”.`);
		}
	} catch (e) {
		if (e instanceof DomainError) throw new UsageError(e.message);
		throw e;
	}
}
