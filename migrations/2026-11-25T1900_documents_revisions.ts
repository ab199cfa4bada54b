import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createType('document_format').asEnum(['text', 'markdown', 'html']).execute();
	await db.schema.createType('segment_state').asEnum(['untranslated', 'mt', 'edited', 'submitted', 'approved', 'changes_requested']).execute();
	await db.schema.createType('revision_origin').asEnum(['mt', 'human', 'restore']).execute();

	await db.schema
		.createTable('documents')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('format', sql`document_format`, (c) => c.notNull())
		.addColumn('segment_count', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('documents_project_id_idx').on('documents').columns(['project_id', 'created_at']).execute();

	await db.schema
		.createTable('segments')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		// The source block as ProseMirror JSON (paragraph or heading with marks) and as plain text.
		.addColumn('source', 'jsonb', (c) => c.notNull())
		.addColumn('source_text', 'text', (c) => c.notNull())
		.addColumn('state', sql`segment_state`, (c) => c.notNull())
		// Set once the revisions exist; the compare-and-set of every save targets this column.
		.addColumn('current_revision_id', 'integer')
		.addColumn('mt_revision_id', 'integer')
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('segments_document_position_key', ['document_id', 'position'])
		.execute();

	await db.schema
		.createTable('revisions')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id'))
		.addColumn('parent_id', 'integer', (c) => c.references('revisions.id'))
		.addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('origin', sql`revision_origin`, (c) => c.notNull())
		.addColumn('content', 'jsonb', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		// Word diff from the parent revision: [{ op, text }] or a "replaced entirely" pair.
		.addColumn('diff', 'jsonb', (c) => c.notNull())
		.addColumn('words_inserted', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('words_deleted', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('seconds_spent', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('revisions_segment_id_idx').on('revisions').columns(['segment_id', 'id']).execute();

	await db.schema.alterTable('segments').addForeignKeyConstraint('segments_current_revision_fk', ['current_revision_id'], 'revisions', ['id']).execute();
	await db.schema.alterTable('segments').addForeignKeyConstraint('segments_mt_revision_fk', ['mt_revision_id'], 'revisions', ['id']).execute();

	// Revisions are history: the database itself refuses to change or remove one.
	await sql`create function revisions_are_immutable() returns trigger language plpgsql as $$
		begin
			raise exception 'revisions are immutable: % refused', tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
	await sql`create trigger revisions_immutable before update or delete on revisions
		for each row execute function revisions_are_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger revisions_immutable on revisions`.execute(db);
	await sql`drop function revisions_are_immutable()`.execute(db);
	await db.schema.alterTable('segments').dropConstraint('segments_mt_revision_fk').execute();
	await db.schema.alterTable('segments').dropConstraint('segments_current_revision_fk').execute();
	await db.schema.dropTable('revisions').execute();
	await db.schema.dropTable('segments').execute();
	await db.schema.dropTable('documents').execute();
	await db.schema.dropType('revision_origin').execute();
	await db.schema.dropType('segment_state').execute();
	await db.schema.dropType('document_format').execute();
}
