import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// Issue 13: background jobs (pre-translation, TMX import, TM rebuild). The queue itself — who
// runs what, retries, leases — is pg-boss's, in its own schema, which it installs and migrates
// itself; this table is Rendition's record of a job as its project's members see it.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createType('job_state').asEnum(['queued', 'running', 'done', 'failed', 'cancelled']).execute();

	await db.schema
		.createTable('jobs')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('document_id', 'integer', (c) => c.references('documents.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('state', sql`job_state`, (c) => c.notNull().defaultTo('queued'))
		.addColumn('payload', 'jsonb', (c) => c.notNull())
		// The queue's job (pg-boss's uuid), written in the same transaction as this row.
		.addColumn('queue_job_id', 'uuid', (c) => c.notNull().unique())
		// Raised by each run that claims the job: a run whose number is no longer current was
		// taken over (its lease expired) and may write nothing more.
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('total', 'integer')
		// [{ item?, message }]: the items that failed (bounded), and why the job failed.
		.addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('result', 'jsonb')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('started_at', 'timestamptz')
		.addColumn('finished_at', 'timestamptz')
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('jobs_progress_check', sql`done >= 0 and (total is null or total >= 0)`)
		.execute();
	await db.schema.createIndex('jobs_project_idx').on('jobs').columns(['project_id', 'id']).execute();
	await db.schema.createIndex('jobs_document_idx').on('jobs').column('document_id').where(sql.ref('document_id'), 'is not', null).execute();
	// The worker's sweep looks only at unfinished jobs.
	await db.schema
		.createIndex('jobs_unfinished_idx')
		.on('jobs')
		.column('updated_at')
		.where(sql.ref('state'), 'in', sql`('queued', 'running')`)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('jobs').execute();
	await db.schema.dropType('job_state').execute();
}
