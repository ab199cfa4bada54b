import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createType('user_role').asEnum(['admin', 'user']).execute();
	await db.schema.createType('project_role').asEnum(['owner', 'translator', 'reviewer']).execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', sql`user_role`, (c) => c.notNull().defaultTo('user'))
		.addColumn('disabled_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// Emails are compared case-insensitively; the stored form keeps what the user typed.
	await sql`create unique index users_email_lower_key on users (lower(email))`.execute(db);

	await db.schema
		.createTable('sessions')
		// The id is the SHA-256 of the cookie's token, so a leaked table cannot be replayed.
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('login_failures')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		// 'email:<lowercased email>' or 'ip:<address>'
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('login_failures_key_idx').on('login_failures').columns(['key', 'failed_at']).execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		// The first characters of the token, so users can tell their tokens apart.
		.addColumn('token_prefix', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_used_at', 'timestamptz')
		.addColumn('revoked_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('api_tokens_user_id_idx').on('api_tokens').column('user_id').execute();

	await db.schema
		.createTable('projects')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('source_lang', 'text', (c) => c.notNull())
		.addColumn('target_lang', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('project_members')
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', sql`project_role`, (c) => c.notNull())
		.addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('project_members_pkey', ['project_id', 'user_id'])
		.execute();
	await db.schema.createIndex('project_members_user_id_idx').on('project_members').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('project_members').execute();
	await db.schema.dropTable('projects').execute();
	await db.schema.dropTable('api_tokens').execute();
	await db.schema.dropTable('login_failures').execute();
	await db.schema.dropTable('sessions').execute();
	await db.schema.dropTable('users').execute();
	await db.schema.dropType('project_role').execute();
	await db.schema.dropType('user_role').execute();
}
