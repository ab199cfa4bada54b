import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
	// Failures now name the account, the address and, for a browser that has logged in to the
	// account before, its device: limits count by each. The old rows only mattered for 15 minutes.
	await db.schema.dropTable('login_failures').execute();
	await db.schema
		.createTable('login_failures')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		// The email as typed, trimmed and lower-cased: an address no account has counts the same.
		.addColumn('account', 'text', (c) => c.notNull())
		// The client address, an IPv6 one as its /64.
		.addColumn('address', 'text', (c) => c.notNull())
		// The SHA-256 of the device cookie when it is known for this account, else null.
		.addColumn('device', 'text')
		.addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('login_failures_account_idx').on('login_failures').columns(['account', 'failed_at']).execute();
	await db.schema.createIndex('login_failures_address_idx').on('login_failures').columns(['address', 'failed_at']).execute();
	// Rows older than the window are deleted by it.
	await db.schema.createIndex('login_failures_failed_at_idx').on('login_failures').column('failed_at').execute();
	await db.schema.createIndex('login_failures_device_idx').on('login_failures').columns(['device', 'failed_at']).where('device', 'is not', null).execute();

	// The browsers that have logged in to an account: their device cookie's SHA-256.
	await db.schema
		.createTable('login_devices')
		.addColumn('device', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('last_login_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('login_devices_pkey', ['device', 'user_id'])
		.execute();
	await db.schema.createIndex('login_devices_last_login_idx').on('login_devices').column('last_login_at').execute();

	await db.schema
		.createTable('registration_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('registration_attempts_address_idx').on('registration_attempts').columns(['address', 'attempted_at']).execute();
	await db.schema.createIndex('registration_attempts_attempted_at_idx').on('registration_attempts').column('attempted_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('registration_attempts').execute();
	await db.schema.dropTable('login_devices').execute();
	await db.schema.dropTable('login_failures').execute();
	await db.schema
		.createTable('login_failures')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('login_failures_key_idx').on('login_failures').columns(['key', 'failed_at']).execute();
}
