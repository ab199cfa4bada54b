import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 13: machine translation engines a server administrator configures, and the one each
// project uses. An engine's API key is stored only encrypted (AES-256-GCM under the server's
// secret); deleting an engine leaves its projects without one. Changes to engines are server-wide,
// so they are audited in a log of their own, append-only like the projects' audit log.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createType('mt_provider').asEnum(['deepl', 'libretranslate', 'openai']).execute();
	await db.schema
		.createTable('mt_engines')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('provider', sql`mt_provider`, (c) => c.notNull())
		// Empty for DeepL means its own host, chosen by the key's plan.
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('model', 'text')
		.addColumn('api_key_encrypted', 'text')
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('mt_engines_name_idx')
		.on('mt_engines')
		.expression(sql`lower(name)`)
		.unique()
		.execute();

	await db.schema
		.alterTable('projects')
		.addColumn('mt_engine_id', 'integer', (c) => c.references('mt_engines.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('server_audit_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`create trigger server_audit_events_append_only before update or delete on server_audit_events
		for each row execute function history_is_append_only('actor_id')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger server_audit_events_append_only on server_audit_events`.execute(db);
	await db.schema.dropTable('server_audit_events').execute();
	await db.schema.alterTable('projects').dropColumn('mt_engine_id').execute();
	await db.schema.dropTable('mt_engines').execute();
	await db.schema.dropType('mt_provider').execute();
}
