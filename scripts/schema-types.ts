import path from 'node:path';
import { Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { generate, PostgresDialect as CodegenPostgresDialect } from 'kysely-codegen';
import { pgliteExtensions } from '../src/lib/server/db/db';
import { migrateToLatest, type MigrationSet } from '../src/lib/server/db/migrate';
import { loadMigrations } from './fs-migrations';

export const SCHEMA_TYPES_FILE = path.resolve('src/lib/server/db/schema.generated.ts');

/** Migrates a throwaway in-memory database and prints its TypeScript types. */
export async function generateSchemaTypes(migrations?: MigrationSet): Promise<string> {
	const client = await PGlite.create({ extensions: await pgliteExtensions() });
	const db = new Kysely<any>({ dialect: new PGliteDialect(client) });
	try {
		await migrateToLatest(db, migrations ?? (await loadMigrations()));
		const body = await generate({
			db,
			dialect: new CodegenPostgresDialect(),
			camelCase: true,
			excludePattern: 'kysely_migration*',
			logger: undefined,
			print: false,
			outFile: null
		});
		return body;
	} finally {
		await db.destroy();
	}
}
