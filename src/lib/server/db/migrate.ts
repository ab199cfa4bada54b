import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

export type MigrationSet = Record<string, Migration>;

function migrator(db: Kysely<any>, migrations: MigrationSet): Migrator {
	return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check({ error, results }: MigrationResultSet): string[] {
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName;
		throw new Error(`Migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
			cause: error
		});
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names it applied. */
export async function migrateToLatest(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
	return check(await migrator(db, migrations).migrateToLatest());
}

/** Reverts the most recent migration; returns its name, or nothing when none was applied. */
export async function migrateDown(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
	return check(await migrator(db, migrations).migrateDown());
}

/** Turns `{ '/migrations/2026-…_name.ts': module }` into `{ '2026-…_name': module }`. */
export function migrationsFromModules(modules: Record<string, unknown>): MigrationSet {
	const set: MigrationSet = {};
	for (const [file, mod] of Object.entries(modules)) {
		const name = file.replace(/^.*\//, '').replace(/\.[jt]s$/, '');
		set[name] = mod as Migration;
	}
	return set;
}
