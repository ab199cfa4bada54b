import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 13: TMX import. An import is all or nothing, yet the embedded database has one
// connection, so one transaction holding a whole file's units would stop the app for as long as
// it runs. Units are staged instead, a batch per short transaction, in tm_import_units (which no
// lookup reads), and made visible by one final insert into tm_units. A file too large to read
// within a request is kept in tm_import_chunks until its job has read it: another app process may
// run the job, so a temporary file on this machine would not do.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tm_imports')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// The uploaded file's size, once it has been received in full.
		.addColumn('byte_count', 'bigint')
		.addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('set null'))
		// Set by the final transaction, with what it imported: a run after it only reports this.
		.addColumn('completed_at', 'timestamptz')
		.addColumn('result', 'jsonb')
		// Why the file was refused as a whole; a later run refuses at once.
		.addColumn('refusal', 'text')
		.execute();
	await db.schema.createIndex('tm_imports_project_idx').on('tm_imports').columns(['project_id', 'created_at']).execute();

	await db.schema
		.createTable('tm_import_chunks')
		.addColumn('import_id', 'integer', (c) => c.notNull().references('tm_imports.id').onDelete('cascade'))
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addPrimaryKeyConstraint('tm_import_chunks_pkey', ['import_id', 'seq'])
		.execute();

	await db.schema
		.createTable('tm_import_units')
		.addColumn('import_id', 'integer', (c) => c.notNull().references('tm_imports.id').onDelete('cascade'))
		// Each run stages under its own id: a run taken over cannot mix its rows with the next one's.
		.addColumn('run_id', 'uuid', (c) => c.notNull())
		// The unit's place in the file, and the line its <tu> starts on.
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('line', 'integer', (c) => c.notNull())
		.addColumn('source_lang', 'text', (c) => c.notNull())
		.addColumn('target_lang', 'text', (c) => c.notNull())
		.addColumn('source', 'jsonb', (c) => c.notNull())
		.addColumn('target', 'jsonb', (c) => c.notNull())
		.addColumn('source_text', 'text', (c) => c.notNull())
		.addColumn('target_text', 'text', (c) => c.notNull())
		.addColumn('source_tokens', 'integer', (c) => c.notNull())
		.addColumn('source_keys', sql`int4[]`, (c) => c.notNull())
		.addColumn('target_keys', sql`int4[]`, (c) => c.notNull())
		.addColumn('prev_source', 'text')
		.addColumn('next_source', 'text')
		.addColumn('author_name', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('props', 'jsonb')
		.addColumn('pair_hash', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('tm_import_units_pkey', ['import_id', 'run_id', 'seq'])
		.execute();
	// The same pair twice in one file is staged once (the first); the others are skipped.
	await sql`create unique index tm_import_units_pair_idx on tm_import_units (import_id, run_id, pair_hash)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('tm_import_units').execute();
	await db.schema.dropTable('tm_import_chunks').execute();
	await db.schema.dropTable('tm_imports').execute();
}
