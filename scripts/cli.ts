// Rendition's admin CLI. Acts on the same database as the app: DATABASE_URL, else the
// embedded database under DATA_DIR (default ./data/pglite). Stop the app first when embedded:
// only one process can open the embedded database at a time.
import { parseArgs } from 'node:util';
import { databaseConfigFromEnv } from '../src/lib/server/db/config';
import { openDatabase, useDatabase } from '../src/lib/server/db/db';
import { migrateDown, migrateToLatest } from '../src/lib/server/db/migrate';
import { loadMigrations } from './fs-migrations';
import { COMMANDS, runCommand, UsageError, USAGE } from './cli-commands';

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help') {
		console.log(USAGE);
		return command ? 0 : 2;
	}
	if (!COMMANDS.includes(command)) {
		console.error(`Unknown command “${command}”.\n\n${USAGE}`);
		return 2;
	}
	let parsed;
	try {
		parsed = parseArgs({
			args: rest,
			strict: true,
			allowPositionals: false,
			options: {
				email: { type: 'string' },
				password: { type: 'string' },
				name: { type: 'string' },
				label: { type: 'string' },
				admin: { type: 'boolean', default: false }
			}
		});
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${USAGE}`);
		return 2;
	}

	const handle = await openDatabase(databaseConfigFromEnv());
	useDatabase(handle);
	try {
		const migrations = await loadMigrations();
		if (command === 'migrate') {
			const applied = await migrateToLatest(handle.db, migrations);
			console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
			return 0;
		}
		if (command === 'migrate-down') {
			const reverted = await migrateDown(handle.db, migrations);
			console.log(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert.');
			return 0;
		}
		await migrateToLatest(handle.db, migrations);
		const lines = await runCommand(command, parsed.values);
		for (const line of lines) console.log(line);
		return 0;
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(`${e.message}\n\n${USAGE}`);
			return 2;
		}
		console.error(`Error: ${(e as Error).message}`);
		return 1;
	} finally {
		useDatabase(undefined);
		await handle.close();
	}
}

process.exitCode = await main(process.argv.slice(2));
