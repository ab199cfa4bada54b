import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	// A project's webhook: where events are POSTed. The secret signs each body (HMAC needs the
	// secret itself, so unlike session tokens it is stored as is); it is shown once, at creation.
	await db.schema
		.createTable('webhooks')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('webhooks_url_check', sql`url ~ '^https?://'`)
		.execute();
	await db.schema.createIndex('webhooks_project_idx').on('webhooks').column('project_id').execute();

	// The outbox: one row per event per webhook, written in the transaction that made the change.
	await db.schema
		.createTable('webhook_deliveries')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
		.addColumn('event_id', 'text', (c) => c.notNull())
		.addColumn('event_type', 'text', (c) => c.notNull())
		// The exact bytes that are signed and sent, every attempt.
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('webhook_deliveries_status_check', sql`status in ('pending', 'delivered', 'failed')`)
		.execute();
	await db.schema
		.createIndex('webhook_deliveries_due_idx')
		.on('webhook_deliveries')
		.columns(['next_attempt_at'])
		.where(sql.ref('status'), '=', 'pending')
		.execute();
	await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

	// One row per HTTP attempt: the delivery log owners read.
	await db.schema
		.createTable('webhook_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('delivery_id', 'integer', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
		.addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
		.addColumn('response_status', 'integer')
		.addColumn('error', 'text')
		.addColumn('duration_ms', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').column('delivery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('webhook_attempts').execute();
	await db.schema.dropTable('webhook_deliveries').execute();
	await db.schema.dropTable('webhooks').execute();
}
