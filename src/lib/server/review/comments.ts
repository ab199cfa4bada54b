import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { actorOf, recordCommentEvent } from '../live/record';
import { validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { notify } from '../activity/notifications';
import { resolveMentions, suggestedHandle, type Mentionable } from '../../review/mentions';
import { storableText } from '../../validation';
import type { SegmentAccess } from '../documents/segments';
import type { ReviewReason } from '../db/schema.generated';

export const MAX_COMMENT_CHARS = 5000;

export interface Comment {
	id: number;
	authorId: number | null;
	author: string | null;
	body: string;
	/** Set for the comment a reviewer's "send back" opened, with the reason they chose. */
	reviewId: number | null;
	reason: ReviewReason | null;
	createdAt: Date;
	resolvedAt: Date | null;
	resolvedBy: string | null;
}

export interface CommentCount {
	total: number;
	open: number;
}

export interface MentionHint {
	id: number;
	name: string;
	handle: string;
}

export const commentSchema = z.object({
	body: z
		.string({ error: 'body must be the comment text.' })
		.overwrite(storableText)
		.trim()
		.min(1, 'Write a comment first.')
		.max(MAX_COMMENT_CHARS, `Use at most ${MAX_COMMENT_CHARS} characters in a comment.`)
});

function commentQuery(db: Database) {
	return db
		.selectFrom('comments as c')
		.leftJoin('users as author', 'author.id', 'c.authorId')
		.leftJoin('users as resolver', 'resolver.id', 'c.resolvedBy')
		.leftJoin('segmentReviews as review', 'review.id', 'c.reviewId')
		.select([
			'c.id',
			'c.authorId',
			'author.name as author',
			'c.body',
			'c.reviewId',
			'review.reason',
			'c.createdAt',
			'c.resolvedAt',
			'resolver.name as resolvedBy'
		]);
}

/** The segment's thread, oldest first. */
export async function listComments(db: Database, segment: SegmentAccess): Promise<Comment[]> {
	requireAllowed(segment, 'read');
	return commentQuery(db).where('c.segmentId', '=', segment.id).orderBy('c.id').execute();
}

/**
 * Adds a comment; a resolved thread opens again. Members it @mentions are notified in the same
 * transaction, so a comment never exists without its notifications or the other way round.
 */
export async function addComment(db: Database, segment: SegmentAccess, input: Input<typeof commentSchema>): Promise<Comment> {
	requireAllowed(segment, 'comment');
	const { body } = validate(commentSchema, input);
	const actorId = segment.actor.id;
	const id = await inTransaction(db, async (trx) => {
		const reopened = await trx
			.updateTable('comments')
			.set({ resolvedAt: null, resolvedBy: null })
			.where('segmentId', '=', segment.id)
			.where('resolvedAt', 'is not', null)
			.returning('id')
			.execute();
		const { id } = await trx.insertInto('comments').values({ segmentId: segment.id, authorId: actorId, body }).returning('id').executeTakeFirstOrThrow();
		const members = await mentionable(trx, segment.projectId);
		const mentioned = resolveMentions(body, members);
		if (mentioned.length > 0) {
			const where = await trx
				.selectFrom('segments')
				.innerJoin('documents', 'documents.id', 'segments.documentId')
				.select(['segments.position', 'documents.title'])
				.where('segments.id', '=', segment.id)
				.executeTakeFirstOrThrow();
			const actor = members.find((m) => m.id === actorId)?.name ?? 'Someone';
			await notify(
				trx,
				mentioned.map((userId) => ({
					userId,
					kind: 'mentioned' as const,
					actorId,
					documentId: segment.documentId,
					segmentId: segment.id,
					message: `${actor} mentioned you on segment ${where.position} of “${where.title}”`
				}))
			);
		}
		await recordAudit(trx, {
			projectId: segment.projectId,
			documentId: segment.documentId,
			segmentId: segment.id,
			actorId,
			action: 'comment.added',
			details: { commentId: id, mentioned, reopened: reopened.length > 0 || undefined }
		});
		await recordCommentEvent(trx, { documentId: segment.documentId, segmentId: segment.id, commentId: id, actor: actorOf(segment.actor) });
		return id;
	});
	const comment = await commentQuery(db).where('c.id', '=', id).executeTakeFirst();
	if (!comment) throw new Error(`comment ${id} vanished right after it was added`);
	return comment;
}

/** Marks every open comment of the segment resolved; returns how many there were. */
export async function resolveThread(db: Database, segment: SegmentAccess): Promise<number> {
	requireAllowed(segment, 'comment');
	const actorId = segment.actor.id;
	return inTransaction(db, async (trx) => {
		const resolved = await trx
			.updateTable('comments')
			.set({ resolvedAt: new Date(), resolvedBy: actorId })
			.where('segmentId', '=', segment.id)
			.where('resolvedAt', 'is', null)
			.returning('id')
			.execute();
		if (resolved.length > 0) {
			await recordAudit(trx, {
				projectId: segment.projectId,
				documentId: segment.documentId,
				segmentId: segment.id,
				actorId,
				action: 'comment.thread_resolved',
				details: { comments: resolved.length }
			});
			await recordCommentEvent(trx, { documentId: segment.documentId, segmentId: segment.id, commentId: null, actor: actorOf(segment.actor) });
		}
		return resolved.length;
	});
}

/** Comments per segment of a document, for the workspace's badges; segments without any are absent. */
export async function commentSummary(db: Database, documentId: number): Promise<Map<number, CommentCount>> {
	const rows = await db
		.selectFrom('comments as c')
		.innerJoin('segments', 'segments.id', 'c.segmentId')
		.select((eb) => ['c.segmentId', eb.fn.countAll<string>().as('total'), eb.fn.countAll<string>().filterWhere('c.resolvedAt', 'is', null).as('open')])
		.where('segments.documentId', '=', documentId)
		.groupBy('c.segmentId')
		.execute();
	return new Map(rows.map((r) => [r.segmentId, { total: Number(r.total), open: Number(r.open) }]));
}

/** Who can be @mentioned in a project, with the handle that names each of them alone. */
export async function mentionHints(db: Database, projectId: number): Promise<MentionHint[]> {
	const members = await mentionable(db, projectId);
	return members.map((m) => ({ id: m.id, name: m.name, handle: suggestedHandle(m, members) }));
}

/** Members with a working account: a disabled one reads no notifications. */
function mentionable(db: Database, projectId: number): Promise<Mentionable[]> {
	return db
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['users.id', 'users.name', 'users.email'])
		.where('projectMembers.projectId', '=', projectId)
		.where('users.disabledAt', 'is', null)
		.orderBy('users.name')
		.execute();
}
