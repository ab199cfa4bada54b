import { sql } from 'kysely';
import type { Database } from '../db/db';
import { PROJECT_ACTIONS } from '../permissions';
import type { AuthUser } from '../auth/sessions';

export interface QueueItem {
	documentId: number;
	title: string;
	projectSlug: string;
	projectName: string;
	segments: number;
	waiting: number;
	round: number;
	submittedBy: string | null;
	submittedAt: Date;
}

/** Documents with segments waiting for review in the projects where the user may review, oldest first. */
export async function reviewQueue(db: Database, user: AuthUser): Promise<QueueItem[]> {
	// The roles come from the permission table, so the queue lists what the user may act on.
	const roles = sql.join(PROJECT_ACTIONS.review.roles.map((role) => sql`${role}`));
	const { rows } = await sql<QueueItem>`
		select d.id as "documentId", d.title, p.slug as "projectSlug", p.name as "projectName", d.segment_count as segments,
			w.waiting, r.number as round, u.name as "submittedBy", r.created_at as "submittedAt"
		from documents d
		join projects p on p.id = d.project_id
		join project_members me on me.project_id = p.id and me.user_id = ${user.id} and me.role in (${roles})
		join lateral (select count(*)::int as waiting from segments s where s.document_id = d.id and s.state = 'submitted') w on w.waiting > 0
		join lateral (select * from review_rounds rr where rr.document_id = d.id order by rr.number desc limit 1) r on true
		left join users u on u.id = r.submitted_by
		order by r.created_at, d.id`.execute(db);
	return rows;
}
