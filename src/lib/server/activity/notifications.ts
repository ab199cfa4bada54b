import { z } from 'zod';
import type { Database } from '../db/db';
import { signalUsers } from '../live/record';
import { DomainError, validate, type Input } from '../errors';
import { idSchema, MAX_ID } from '../../validation';
import type { AuthUser } from '../auth/sessions';
import type { NotificationKind } from '../db/schema.generated';

/** Which notifications to mark read: the ones listed, or all of them when `ids` is absent. */
export const markReadSchema = z.object({
	ids: z
		// Only the API sends ids here, as JSON numbers.
		.array(z.number({ error: 'ids must be notification ids (numbers).' }).int().positive().max(MAX_ID), { error: 'ids must be a list of notification ids.' })
		.max(1000, 'Mark at most 1,000 notifications read at once.')
		.optional()
});

export interface NewNotification {
	userId: number;
	kind: NotificationKind;
	actorId: number | null;
	documentId: number;
	segmentId?: number | null;
	message: string;
}

export interface Notification {
	id: number;
	kind: NotificationKind;
	message: string;
	actor: string | null;
	documentId: number;
	documentTitle: string;
	projectSlug: string;
	segmentId: number | null;
	createdAt: Date;
	readAt: Date | null;
}

/** Queues notifications inside the caller's transaction; nobody is told about their own action. */
export async function notify(trx: Database, items: NewNotification[]): Promise<void> {
	const seen = new Set<string>();
	const rows = items.filter((n) => {
		const key = `${n.userId}:${n.kind}:${n.segmentId ?? ''}`;
		if (n.userId === n.actorId || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	if (rows.length === 0) return;
	await trx
		.insertInto('notifications')
		.values(rows.map((n) => ({ ...n, segmentId: n.segmentId ?? null })))
		.execute();
	await signalUsers(
		trx,
		rows.map((n) => n.userId)
	);
}

export async function listNotifications(db: Database, user: AuthUser, limit = 100): Promise<Notification[]> {
	return (
		db
			.selectFrom('notifications as n')
			.innerJoin('documents', 'documents.id', 'n.documentId')
			.innerJoin('projects', 'projects.id', 'documents.projectId')
			// A notification about a project you have left is no longer yours to follow.
			.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'projects.id').onRef('me.userId', '=', 'n.userId'))
			.leftJoin('users as actor', 'actor.id', 'n.actorId')
			.select([
				'n.id',
				'n.kind',
				'n.message',
				'actor.name as actor',
				'n.documentId',
				'documents.title as documentTitle',
				'projects.slug as projectSlug',
				'n.segmentId',
				'n.createdAt',
				'n.readAt'
			])
			.where('n.userId', '=', user.id)
			.orderBy('n.id', 'desc')
			.limit(limit)
			.execute()
	);
}

export async function unreadCount(db: Database, user: AuthUser): Promise<number> {
	return (await unreadCounts(db, [user.id])).get(user.id) ?? 0;
}

/** The bell's count of each of these users at once (the live updates tell many): only projects they still belong to. */
export async function unreadCounts(db: Database, userIds: readonly number[]): Promise<Map<number, number>> {
	const counts = new Map<number, number>(userIds.map((id) => [id, 0]));
	if (userIds.length === 0) return counts;
	const rows = await db
		.selectFrom('notifications as n')
		.innerJoin('documents', 'documents.id', 'n.documentId')
		.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'documents.projectId').onRef('me.userId', '=', 'n.userId'))
		.select((eb) => ['n.userId', eb.fn.countAll<number>().as('n')])
		.where('n.userId', 'in', userIds)
		.where('n.readAt', 'is', null)
		.groupBy('n.userId')
		.execute();
	for (const r of rows) counts.set(r.userId, Number(r.n));
	return counts;
}

/** Marks the given notifications (or all of them) read; only the user's own. */
export async function markRead(db: Database, user: AuthUser, input: Input<typeof markReadSchema> = {}): Promise<void> {
	const { ids } = validate(markReadSchema, input);
	let query = db.updateTable('notifications').set({ readAt: new Date() }).where('userId', '=', user.id).where('readAt', 'is', null);
	if (ids) {
		if (ids.length === 0) return;
		query = query.where('id', 'in', ids);
	}
	// The bell in the user's other tabs shows the new count.
	if ((await query.returning('id').execute()).length > 0) await signalUsers(db, [user.id]);
}

/** Which notification to open: its id, as the list's form sends it. */
export const openSchema = z.object({ id: idSchema('Choose a notification.') });

/**
 * Marks one of the user's notifications read and says where it points; not_found when it is
 * not theirs or is about a project they have left.
 */
export async function openNotification(
	db: Database,
	user: AuthUser,
	input: Input<typeof openSchema>
): Promise<{ projectSlug: string; documentId: number; segmentId: number | null }> {
	const { id } = validate(openSchema, input);
	const target = await db
		.selectFrom('notifications as n')
		.innerJoin('documents', 'documents.id', 'n.documentId')
		.innerJoin('projects', 'projects.id', 'documents.projectId')
		.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'projects.id').onRef('me.userId', '=', 'n.userId'))
		.select(['projects.slug as projectSlug', 'n.documentId', 'n.segmentId'])
		.where('n.id', '=', id)
		.where('n.userId', '=', user.id)
		.executeTakeFirst();
	if (!target) throw new DomainError('not_found', 'No such notification.');
	await markRead(db, user, { ids: [id] });
	return target;
}

/** What every page's shell shows of the signed-in user: name, whether to link the administration, the bell's count. */
export async function shellOf(db: Database, user: AuthUser | null) {
	if (!user) return { user: null, unread: 0 };
	return {
		user: { name: user.name, email: user.email, isAdmin: user.role === 'admin' },
		unread: await unreadCount(db, user)
	};
}
