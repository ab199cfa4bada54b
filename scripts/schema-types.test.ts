import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from './schema-types';
import { bundledMigrations } from '../src/lib/server/db/bundled-migrations';

describe('database types', () => {
	it('match the migrated schema (run `npm run db:types` after adding a migration)', async () => {
		const generated = await generateSchemaTypes(bundledMigrations);
		expect(await readFile(SCHEMA_TYPES_FILE, 'utf8')).toBe(generated);
	});
});
