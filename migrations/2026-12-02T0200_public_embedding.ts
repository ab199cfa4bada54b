import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Whether other sites may show a project's public pages in a frame. Off unless an owner allows it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('projects')
		.addColumn('public_embeddable', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('projects').dropColumn('public_embeddable').execute();
}
