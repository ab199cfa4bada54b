import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 14: owners assign a document to a translator and a reviewer, with an optional due date.
// One assignment per document (its primary key): the project's document list and "My work" show
// it, and a document has one person answerable for it at each step, as in MateCat's jobs.
export async function up(db: Kysely<any>): Promise<void> {
	// Allowed inside the migration's transaction (Postgres 12+, PGlite); the value is only used later.
	await sql`alter type notification_kind add value if not exists 'assigned'`.execute(db);

	await db.schema
		.createTable('document_assignments')
		.addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
		// Repeats the document's project so that each assignee can be tied to a membership below.
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('translator_id', 'integer')
		.addColumn('reviewer_id', 'integer')
		// A calendar day ("by the end of"), not an instant: a newsroom's deadline is a date.
		.addColumn('due_date', 'date')
		.addColumn('assigned_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// An assignee is a member of the project: whatever removes the membership clears the slot
	// (Postgres 15's SET NULL with a column list), so nobody stays assigned to a project they left.
	// The domain clears it first, with an audit entry; this holds even for a path that forgets.
	for (const slot of ['translator_id', 'reviewer_id']) {
		await sql`alter table document_assignments add constraint ${sql.raw(`document_assignments_${slot}_member_fkey`)}
			foreign key (project_id, ${sql.raw(slot)}) references project_members (project_id, user_id)
			on delete set null (${sql.raw(slot)})`.execute(db);
		// "My work" finds a person's assignments by either slot; a membership's removal, by slot and project.
		await sql`create index ${sql.raw(`document_assignments_${slot}_idx`)} on document_assignments (${sql.raw(slot)}, project_id)
			where ${sql.raw(slot)} is not null`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('document_assignments').execute();
	// Postgres cannot drop one value of an enum: the type is made again from the values it has
	// now minus 'assigned' (read, not listed here, so that a later migration's values survive).
	await sql`delete from notifications where kind = 'assigned'`.execute(db);
	const { rows } = await sql<{ label: string }>`select e.enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid
		where t.typname = 'notification_kind' and e.enumlabel <> 'assigned' order by e.enumsortorder`.execute(db);
	await sql`alter type notification_kind rename to notification_kind_old`.execute(db);
	await sql`create type notification_kind as enum (${sql.join(rows.map((r) => sql.lit(r.label)))})`.execute(db);
	await sql`alter table notifications alter column kind type notification_kind using kind::text::notification_kind`.execute(db);
	await sql`drop type notification_kind_old`.execute(db);
}
