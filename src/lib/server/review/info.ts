import { sql } from 'kysely';
import type { Database } from '../db/db';
import type { ReviewReason } from '../db/schema.generated';

export interface LastReview {
	decision: 'approved' | 'changes_requested';
	reason: ReviewReason | null;
	comment: string;
	reviewer: string | null;
	revisionId: number;
	createdAt: Date;
}

export interface ReviewSegmentInfo {
	segmentId: number;
	/** The current revision's author and whether a reviewer wrote it during review. */
	authorId: number | null;
	author: string | null;
	inReview: boolean;
	/** The stored word diff of the current revision from its parent (a reviewer's tracked change). */
	diffFromParent: unknown;
	parentText: string | null;
	approvedRevisionId: number | null;
	approvedText: string | null;
	lastReview: LastReview | null;
}

/** Per segment of the document: what the review screens show beside the text. */
export async function reviewInfo(db: Database, documentId: number): Promise<Map<number, ReviewSegmentInfo>> {
	const { rows } = await sql<
		ReviewSegmentInfo & {
			lastDecision: LastReview['decision'] | null;
			lastReason: ReviewReason | null;
			lastComment: string | null;
			lastReviewer: string | null;
			lastRevisionId: number | null;
			lastAt: Date | null;
		}
	>`
		select s.id as "segmentId", cur.author_id as "authorId", au.name as author, coalesce(cur.in_review, false) as "inReview",
			case when cur.in_review then cur.diff end as "diffFromParent", parent.text as "parentText",
			s.approved_revision_id as "approvedRevisionId", ap.text as "approvedText",
			lr.decision as "lastDecision", lr.reason as "lastReason", lr.comment as "lastComment", ru.name as "lastReviewer",
			lr.revision_id as "lastRevisionId", lr.created_at as "lastAt"
		from segments s
		left join revisions cur on cur.id = s.current_revision_id
		left join users au on au.id = cur.author_id
		left join revisions parent on parent.id = cur.parent_id and cur.in_review
		left join revisions ap on ap.id = s.approved_revision_id
		left join lateral (select * from segment_reviews sr where sr.segment_id = s.id order by sr.id desc limit 1) lr on true
		left join users ru on ru.id = lr.reviewer_id
		where s.document_id = ${documentId}`.execute(db);
	return new Map(
		rows.map((r) => [
			r.segmentId,
			{
				segmentId: r.segmentId,
				authorId: r.authorId,
				author: r.author,
				inReview: r.inReview,
				diffFromParent: r.diffFromParent,
				parentText: r.parentText,
				approvedRevisionId: r.approvedRevisionId,
				approvedText: r.approvedText,
				lastReview: r.lastDecision
					? {
							decision: r.lastDecision,
							reason: r.lastReason,
							comment: r.lastComment ?? '',
							reviewer: r.lastReviewer,
							revisionId: r.lastRevisionId!,
							createdAt: r.lastAt!
						}
					: null
			}
		])
	);
}
