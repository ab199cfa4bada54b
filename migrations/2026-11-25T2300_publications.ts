import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	// Publish gate (as Wikipedia's Content Translation): the most machine translation a published
	// document may leave unmodified, as a share of its MT words; null means no limit.
	await db.schema.alterTable('projects').addColumn('max_unmodified_mt', 'double precision').execute();
	await db.schema
		.alterTable('projects')
		.addCheckConstraint('projects_max_unmodified_mt_check', sql`max_unmodified_mt is null or (max_unmodified_mt >= 0 and max_unmodified_mt <= 1)`)
		.execute();

	// A publication is an immutable version: the approved revision of every segment, rendered once.
	await db.schema
		.createTable('publications')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('source_lang', 'text', (c) => c.notNull())
		.addColumn('target_lang', 'text', (c) => c.notNull())
		// [{ segmentId, revisionId, source: Block, target: Block }] in document order.
		.addColumn('segments', 'jsonb', (c) => c.notNull())
		.addColumn('html', 'text', (c) => c.notNull())
		.addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('publications_document_version_key', ['document_id', 'version'])
		.execute();
	await sql`create trigger publications_append_only before update or delete on publications
		for each row execute function history_is_append_only('published_by')`.execute(db);

	// Which version the public page shows; null when the document is not (or no longer) published.
	await db.schema
		.alterTable('documents')
		.addColumn('current_publication_id', 'integer', (c) => c.references('publications.id'))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('documents').dropColumn('current_publication_id').execute();
	await sql`drop trigger publications_append_only on publications`.execute(db);
	await db.schema.dropTable('publications').execute();
	await db.schema.alterTable('projects').dropConstraint('projects_max_unmodified_mt_check').execute();
	await db.schema.alterTable('projects').dropColumn('max_unmodified_mt').execute();
}
