import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/db';
import { requireAllowed } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import type { ProjectAccess } from '../projects/projects';
import type { Person } from './assignments';
import { CONFIRMABLE, documentState } from '../../review/transitions';
import { workflowState, type WorkflowState } from '../../assignments/status';

// The lists of work: a project's documents with where each stands and who has it, and a
// person's assignments across their projects ("My work").

export interface DocumentRow {
	id: number;
	title: string;
	segments: number;
	/** Confirmed by the translator or with the reviewers: what the workspace's progress bar counts (src/lib/editor/progress.ts). */
	done: number;
	status: WorkflowState;
	/** The public version while the document is published, even when it is being edited again. */
	publishedVersion: number | null;
	translator: Person | null;
	reviewer: Person | null;
	dueDate: string | null;
	createdAt: Date;
	createdBy: string | null;
}

export interface WorkItem extends DocumentRow {
	project: { slug: string; name: string };
	/** What the user is assigned to do on it. */
	roles: ('translator' | 'reviewer')[];
}

interface Row {
	id: number;
	title: string;
	segments: number;
	done: number;
	approved: number;
	submitted: number;
	changesRequested: number;
	publishedVersion: number | null;
	translatorId: number | null;
	translatorName: string | null;
	reviewerId: number | null;
	reviewerName: string | null;
	dueDate: string | null;
	createdAt: Date;
	createdBy: string | null;
	projectSlug: string;
	projectName: string;
}

const confirmable = sql.join(CONFIRMABLE.map((s) => sql`${s}`));

/** Each document with its segment counts, publication and assignment, as `from` and `where` choose them. */
function documentRows(db: Database, from: RawBuilder<unknown>, where: RawBuilder<unknown>, orderBy: RawBuilder<unknown>) {
	return sql<Row>`
		select d.id, d.title, d.segment_count as segments, d.created_at as "createdAt", cb.name as "createdBy",
			p.slug as "projectSlug", p.name as "projectName", pub.version as "publishedVersion",
			c.done, c.approved, c.submitted, c.changes_requested as "changesRequested",
			a.translator_id as "translatorId", t.name as "translatorName", a.reviewer_id as "reviewerId", r.name as "reviewerName",
			to_char(a.due_date, 'YYYY-MM-DD') as "dueDate"
		${from}
		join projects p on p.id = d.project_id
		left join users cb on cb.id = d.created_by
		left join publications pub on pub.id = d.current_publication_id
		left join users t on t.id = a.translator_id
		left join users r on r.id = a.reviewer_id
		cross join lateral (
			select count(*) filter (where s.state in ('submitted', 'approved')
					or (s.state in (${confirmable}) and s.confirmed_revision_id = s.current_revision_id))::int as done,
				count(*) filter (where s.state = 'approved')::int as approved,
				count(*) filter (where s.state = 'submitted')::int as submitted,
				count(*) filter (where s.state = 'changes_requested')::int as changes_requested
			from segments s where s.document_id = d.id
		) c
		where ${where}
		order by ${orderBy}`.execute(db);
}

function asDocumentRow(r: Row): DocumentRow {
	// Only these three counts decide the review state; the rest of the segments stand in as "edited".
	const rest = r.segments - r.approved - r.submitted - r.changesRequested;
	const state = documentState({ approved: r.approved, submitted: r.submitted, changes_requested: r.changesRequested, edited: rest });
	return {
		id: r.id,
		title: r.title,
		segments: r.segments,
		done: r.done,
		status: workflowState(state, r.publishedVersion !== null),
		publishedVersion: r.publishedVersion,
		translator: r.translatorId && r.translatorName ? { id: r.translatorId, name: r.translatorName } : null,
		reviewer: r.reviewerId && r.reviewerName ? { id: r.reviewerId, name: r.reviewerName } : null,
		dueDate: r.dueDate,
		createdAt: r.createdAt,
		createdBy: r.createdBy
	};
}

/** The project's documents with status, progress and assignment, newest import first (the page sorts as asked). */
export async function projectDocuments(db: Database, project: ProjectAccess): Promise<DocumentRow[]> {
	requireAllowed(project, 'read');
	const { rows } = await documentRows(
		db,
		sql`from documents d left join document_assignments a on a.document_id = d.id`,
		sql`d.project_id = ${project.id}`,
		sql`d.created_at desc, d.id desc`
	);
	return rows.map(asDocumentRow);
}

/**
 * What the user is assigned, as translator or reviewer, in the projects they still belong to:
 * the soonest due first, then those without a due date.
 */
export async function myWork(db: Database, user: AuthUser): Promise<WorkItem[]> {
	const { rows } = await documentRows(
		db,
		sql`from document_assignments a
			join documents d on d.id = a.document_id
			join project_members me on me.project_id = d.project_id and me.user_id = ${user.id}`,
		sql`(a.translator_id = ${user.id} or a.reviewer_id = ${user.id})`,
		sql`a.due_date asc nulls last, d.title, d.id`
	);
	return rows.map((r) => ({
		...asDocumentRow(r),
		project: { slug: r.projectSlug, name: r.projectName },
		roles: [...(r.translatorId === user.id ? (['translator'] as const) : []), ...(r.reviewerId === user.id ? (['reviewer'] as const) : [])]
	}));
}
