import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Live collaboration. What happened to a document is written as an event row in the same
// transaction as the change, and Postgres NOTIFY (sent on commit) tells every app process the
// event's id: the listener reads the row. The rows are also the replay a client that lost its
// connection asks for with Last-Event-ID; they are kept for a day.
// Presence is a lease per person and document: a heartbeat renews it, and it lapses by itself
// when the holder leaves or goes idle, whichever process served them.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('document_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('data', 'jsonb', (c) => c.notNull())
		// The time of the insert, not of the transaction's start: replay windows are measured by it.
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
		.execute();
	await db.schema.createIndex('document_events_document_id_idx').on('document_events').columns(['document_id', 'id']).execute();
	await db.schema.createIndex('document_events_created_at_idx').on('document_events').column('created_at').execute();

	await db.schema
		.createTable('document_presence')
		.addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('segment_id', 'integer', (c) => c.references('segments.id').onDelete('set null'))
		.addColumn('since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('document_presence_pkey', ['document_id', 'user_id'])
		.execute();
	await db.schema.createIndex('document_presence_expires_at_idx').on('document_presence').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('document_presence').execute();
	await db.schema.dropTable('document_events').execute();
}
