import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// A query of 2–6 characters can only match units of at most 12 tokens (50 % at most twice its
// length), but its keys (single characters and pairs) are among the commonest there are: through
// the index of all units, such a lookup read tens of thousands of sentences only to drop them by
// length. Headings and terms are a small share of a memory, so their own index is small too.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index tm_units_short_source_keys_idx on tm_units using gin (source_keys gin__int_ops) where replaced_at is null and source_tokens <= 12`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index tm_units_short_source_keys_idx`.execute(db);
}
