import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	// Four-eyes: nobody approves their own text or a round they submitted, unless the owners turn it off.
	await db.schema
		.alterTable('projects')
		.addColumn('four_eyes', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();

	// The revision a reviewer last approved: "last approved → now" diffs and publishing read it.
	await db.schema
		.alterTable('segments')
		.addColumn('approved_revision_id', 'integer', (c) => c.references('revisions.id'))
		.execute();
	// The review queue looks for documents with segments waiting; this keeps that cheap.
	await sql`create index segments_in_review_idx on segments (document_id) where state = 'submitted'`.execute(db);
	// A reviewer's edit is shown to the translator as a tracked change.
	await db.schema
		.alterTable('revisions')
		.addColumn('in_review', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();

	await db.schema
		.createTable('review_rounds')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('review_rounds_document_number_key', ['document_id', 'number'])
		.execute();

	// The snapshot a round is: which revision every segment had when it was submitted.
	await db.schema
		.createTable('review_round_segments')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('review_rounds.id'))
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id'))
		.addColumn('revision_id', 'integer', (c) => c.references('revisions.id'))
		.addPrimaryKeyConstraint('review_round_segments_pkey', ['round_id', 'segment_id'])
		.execute();

	await db.schema.createType('review_decision').asEnum(['approved', 'changes_requested']).execute();
	await db.schema.createType('review_reason').asEnum(['mistranslation', 'omission', 'addition', 'terminology', 'grammar', 'style', 'other']).execute();
	await db.schema
		.createTable('segment_reviews')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id'))
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('revisions.id'))
		.addColumn('round_id', 'integer', (c) => c.references('review_rounds.id'))
		.addColumn('reviewer_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('decision', sql`review_decision`, (c) => c.notNull())
		.addColumn('reason', sql`review_reason`)
		.addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
		// Whether four-eyes was on when this decision was made.
		.addColumn('four_eyes', 'boolean', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('segment_reviews_reason_check', sql`(decision = 'approved') = (reason is null)`)
		.execute();
	await db.schema.createIndex('segment_reviews_segment_id_idx').on('segment_reviews').columns(['segment_id', 'id']).execute();

	await db.schema
		.createTable('comments')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('segment_id', 'integer', (c) => c.notNull().references('segments.id'))
		.addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('body', 'text', (c) => c.notNull())
		// Set when a reviewer's "send back" opened this comment.
		.addColumn('review_id', 'integer', (c) => c.references('segment_reviews.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('resolved_at', 'timestamptz')
		.addColumn('resolved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.execute();
	await db.schema.createIndex('comments_segment_id_idx').on('comments').columns(['segment_id', 'id']).execute();

	await db.schema.createType('notification_kind').asEnum(['review_requested', 'changes_requested', 'mentioned', 'document_approved']).execute();
	await db.schema
		.createTable('notifications')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', sql`notification_kind`, (c) => c.notNull())
		.addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
		.addColumn('segment_id', 'integer', (c) => c.references('segments.id'))
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('notifications_user_id_idx').on('notifications').columns(['user_id', 'id']).execute();

	await db.schema
		.createTable('audit_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
		.addColumn('document_id', 'integer', (c) => c.references('documents.id'))
		.addColumn('segment_id', 'integer', (c) => c.references('segments.id'))
		.addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('audit_events_project_id_idx').on('audit_events').columns(['project_id', 'id']).execute();
	await db.schema.createIndex('audit_events_document_id_idx').on('audit_events').columns(['document_id', 'id']).execute();

	// Rounds, decisions and the audit log are history: the database refuses to change them.
	// (A user's deletion may still null out who did it: that update is the one let through.)
	await sql`create function history_is_append_only() returns trigger language plpgsql as $$
		begin
			if tg_op = 'UPDATE' and tg_argv[0] is not null
				and (to_jsonb(new) - tg_argv[0]) = (to_jsonb(old) - tg_argv[0]) then
				return new;
			end if;
			raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
	for (const [table, person] of [
		['review_rounds', 'submitted_by'],
		['review_round_segments', null],
		['segment_reviews', 'reviewer_id'],
		['audit_events', 'actor_id']
	] as const) {
		await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
			for each row execute function history_is_append_only(${sql.raw(person ? `'${person}'` : '')})`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['review_rounds', 'review_round_segments', 'segment_reviews', 'audit_events']) {
		await sql`drop trigger ${sql.raw(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
	}
	await sql`drop function history_is_append_only()`.execute(db);
	await db.schema.dropTable('audit_events').execute();
	await db.schema.dropTable('notifications').execute();
	await db.schema.dropType('notification_kind').execute();
	await db.schema.dropTable('comments').execute();
	await db.schema.dropTable('segment_reviews').execute();
	await db.schema.dropType('review_reason').execute();
	await db.schema.dropType('review_decision').execute();
	await db.schema.dropTable('review_round_segments').execute();
	await db.schema.dropTable('review_rounds').execute();
	await db.schema.alterTable('revisions').dropColumn('in_review').execute();
	await sql`drop index segments_in_review_idx`.execute(db);
	await db.schema.alterTable('segments').dropColumn('approved_revision_id').execute();
	await db.schema.alterTable('projects').dropColumn('four_eyes').execute();
}
