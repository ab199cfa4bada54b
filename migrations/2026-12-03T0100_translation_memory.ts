import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 13: a translation memory per project. A unit is an approved (or imported) segment pair,
// kept forever: re-approving a segment adds a unit and marks the old one replaced, so lookups see
// the current text and the history stays. Fuzzy lookup and concordance find candidates through
// int4 keys (words and pairs of Han characters, src/lib/tm/tokens.ts) in GIN indexes, and the
// exact score is worked out on the candidates; tm_key_counts says how common a key is, so a
// lookup probes the rarest keys of a sentence instead of every unit that holds "的".
export async function up(db: Kysely<any>): Promise<void> {
	// intarray counts the keys a unit shares with a sentence (icount(a & b)) in C, for ranking
	// candidates; it ships with Postgres (contrib) and is a trusted extension since Postgres 13.
	await sql`create extension if not exists intarray`.execute(db);
	await db.schema.createType('tm_origin').asEnum(['approval', 'import']).execute();
	await sql`alter type revision_origin add value if not exists 'tm'`.execute(db);

	await db.schema
		.createTable('tm_units')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('source_lang', 'text', (c) => c.notNull())
		.addColumn('target_lang', 'text', (c) => c.notNull())
		// Blocks as the editor stores them (paragraph or heading with marks) and as plain text.
		.addColumn('source', 'jsonb', (c) => c.notNull())
		.addColumn('target', 'jsonb', (c) => c.notNull())
		.addColumn('source_text', 'text', (c) => c.notNull())
		.addColumn('target_text', 'text', (c) => c.notNull())
		.addColumn('source_tokens', 'integer', (c) => c.notNull())
		.addColumn('source_keys', sql`int4[]`, (c) => c.notNull())
		.addColumn('target_keys', sql`int4[]`, (c) => c.notNull())
		// The plain text of the segments before and after, for the 101 % context match.
		.addColumn('prev_source', 'text')
		.addColumn('next_source', 'text')
		.addColumn('origin', sql`tm_origin`, (c) => c.notNull())
		.addColumn('document_id', 'integer', (c) => c.references('documents.id').onDelete('set null'))
		// Kept when the document is deleted, so a match still says where it came from.
		.addColumn('document_title', 'text')
		.addColumn('segment_id', 'integer', (c) => c.references('segments.id').onDelete('set null'))
		.addColumn('revision_id', 'integer', (c) => c.references('revisions.id').onDelete('set null'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		// Who wrote it when it came from elsewhere (a TMX's creationid).
		.addColumn('author_name', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('note', 'text')
		.addColumn('props', 'jsonb')
		// md5 of source and target text: the same pair is imported once.
		.addColumn('pair_hash', 'text', (c) => c.notNull())
		.addColumn('replaced_at', 'timestamptz')
		.addColumn('replaced_by', 'integer', (c) => c.references('tm_units.id').onDelete('set null'))
		.execute();
	await sql`create index tm_units_source_keys_idx on tm_units using gin (source_keys gin__int_ops) where replaced_at is null`.execute(db);
	await sql`create index tm_units_target_keys_idx on tm_units using gin (target_keys gin__int_ops) where replaced_at is null`.execute(db);
	await sql`create index tm_units_pair_idx on tm_units (project_id, pair_hash) where replaced_at is null`.execute(db);
	await sql`create index tm_units_source_md5_idx on tm_units (project_id, md5(source_text)) where replaced_at is null`.execute(db);
	await sql`create index tm_units_segment_idx on tm_units (segment_id) where replaced_at is null`.execute(db);
	await db.schema.createIndex('tm_units_project_created_idx').on('tm_units').columns(['project_id', 'created_at']).execute();

	// How many current units hold a key, over all projects: only ever an estimate of rarity
	// (kept up after each write in a transaction of its own), never a source of results.
	await db.schema
		.createTable('tm_key_counts')
		.addColumn('side', 'smallint', (c) => c.notNull())
		.addColumn('key', 'integer', (c) => c.notNull())
		.addColumn('units', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('tm_key_counts_pkey', ['side', 'key'])
		.execute();

	// Which other projects' memories a project reads (set by an owner of both).
	await db.schema
		.createTable('tm_shares')
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('source_project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('tm_shares_pkey', ['project_id', 'source_project_id'])
		.execute();

	await db.schema
		.alterTable('projects')
		// Matches below this score are not shown.
		.addColumn('tm_min_score', 'smallint', (c) => c.notNull().defaultTo(50))
		// Segments of a new document whose best match reaches this score start from the match; null: never.
		.addColumn('tm_prefill_score', 'smallint')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('projects').dropColumn('tm_prefill_score').dropColumn('tm_min_score').execute();
	await db.schema.dropTable('tm_shares').execute();
	await db.schema.dropTable('tm_key_counts').execute();
	await db.schema.dropTable('tm_units').execute();
	await db.schema.dropType('tm_origin').execute();
}
