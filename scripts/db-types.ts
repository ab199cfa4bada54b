// Regenerates src/lib/server/db/schema.generated.ts from the migrated schema, so the database
// types have one source: the migrations. `--verify` fails when the file is stale.
import { writeFile, readFile } from 'node:fs/promises';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from './schema-types';

const verify = process.argv.includes('--verify');
const generated = await generateSchemaTypes();
if (verify) {
	const current = await readFile(SCHEMA_TYPES_FILE, 'utf8').catch(() => '');
	if (current !== generated) {
		console.error(`${SCHEMA_TYPES_FILE} is stale: run npm run db:types`);
		process.exit(1);
	}
	console.log(`${SCHEMA_TYPES_FILE} is up to date`);
} else {
	await writeFile(SCHEMA_TYPES_FILE, generated);
	console.log(`wrote ${SCHEMA_TYPES_FILE}`);
}
