import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 12: a project's glossary (termbase), QA settings and ignored QA warnings, and confirmed
// segments. A confirmation is an event on a revision, never a new revision: confirming the MT
// unchanged records who confirmed what, and a later save leaves the segment unconfirmed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createType('term_status').asEnum(['preferred', 'admitted', 'deprecated', 'forbidden', 'do_not_translate']).execute();

	await db.schema
		.createTable('glossary_entries')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('target', 'text', (c) => c.notNull())
		.addColumn('status', sql`term_status`, (c) => c.notNull())
		.addColumn('case_sensitive', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('part_of_speech', 'text')
		.addColumn('note', 'text')
		// A translator's proposal waits for an owner; QA uses only accepted entries.
		.addColumn('proposed', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('glossary_entries_project_idx').on('glossary_entries').columns(['project_id', 'source']).execute();

	// Per-project severities: check id → 'error' | 'warning' | 'info' | 'off'; absent means the default.
	await db.schema
		.alterTable('projects')
		.addColumn('qa_severities', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();

	// A warning a member chose to ignore, with why. It holds while the same finding (check and
	// message) stays on the segment; the revision it was made on is kept for reviewers.
	await db.schema
		.createTable('qa_ignores')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id').onDelete('cascade'))
		.addColumn('revision_id', 'integer', (c) => c.references('revisions.id'))
		.addColumn('check_id', 'text', (c) => c.notNull())
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('qa_ignores_segment_idx').on('qa_ignores').columns(['segment_id', 'check_id']).execute();

	await db.schema
		.createTable('segment_confirmations')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id').onDelete('cascade'))
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('revisions.id'))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('segment_confirmations_segment_idx').on('segment_confirmations').columns(['segment_id', 'id']).execute();
	// The segment is confirmed while this equals its current revision.
	await db.schema.alterTable('segments').addColumn('confirmed_revision_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('segments').dropColumn('confirmed_revision_id').execute();
	await db.schema.dropTable('segment_confirmations').execute();
	await db.schema.dropTable('qa_ignores').execute();
	await db.schema.alterTable('projects').dropColumn('qa_severities').execute();
	await db.schema.dropTable('glossary_entries').execute();
	await db.schema.dropType('term_status').execute();
}
