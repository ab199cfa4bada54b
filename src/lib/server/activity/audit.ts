import type { Transaction } from 'kysely';
import type { Database } from '../db/db';
import type { DB } from '../db/schema.generated';

export interface AuditInput {
	projectId: number;
	documentId?: number | null;
	segmentId?: number | null;
	actorId: number | null;
	/** 'document.submitted', 'segment.approved', 'project.four_eyes', … (see docs/review.md) */
	action: string;
	details?: Record<string, unknown>;
}

export interface AuditEvent {
	id: number;
	action: string;
	actor: string | null;
	documentId: number | null;
	documentTitle: string | null;
	segmentId: number | null;
	position: number | null;
	details: Record<string, unknown>;
	createdAt: Date;
}

/** Appends to the audit log inside the caller's transaction, so the event and the change commit together. */
export async function recordAudit(trx: Transaction<DB> | Database, ...events: AuditInput[]): Promise<void> {
	if (events.length === 0) return;
	await trx
		.insertInto('auditEvents')
		.values(
			events.map((e) => ({
				projectId: e.projectId,
				documentId: e.documentId ?? null,
				segmentId: e.segmentId ?? null,
				actorId: e.actorId,
				action: e.action,
				details: JSON.stringify(e.details ?? {})
			}))
		)
		.execute();
}

/** Newest first; `before` pages back through older events. */
export async function listAudit(
	db: Database,
	scope: { projectId: number } | { documentId: number },
	options: { limit?: number; before?: number } = {}
): Promise<AuditEvent[]> {
	let query = db
		.selectFrom('auditEvents as a')
		.leftJoin('users', 'users.id', 'a.actorId')
		.leftJoin('documents', 'documents.id', 'a.documentId')
		.leftJoin('segments', 'segments.id', 'a.segmentId')
		.select([
			'a.id',
			'a.action',
			'users.name as actor',
			'a.documentId',
			'documents.title as documentTitle',
			'a.segmentId',
			'segments.position',
			'a.details',
			'a.createdAt'
		])
		.orderBy('a.id', 'desc')
		.limit(Math.min(options.limit ?? 200, 1000));
	query = 'projectId' in scope ? query.where('a.projectId', '=', scope.projectId) : query.where('a.documentId', '=', scope.documentId);
	if (options.before) query = query.where('a.id', '<', options.before);
	const rows = await query.execute();
	return rows.map((r) => {
		const details = r.details as Record<string, unknown>;
		// A deleted document's events keep its title in their details.
		const kept = typeof details.documentTitle === 'string' ? details.documentTitle : null;
		return { ...r, documentTitle: r.documentTitle ?? kept, details };
	});
}

/** A server-wide change (an MT engine added, changed or removed): not any one project's. */
export interface ServerAuditInput {
	actorId: number | null;
	/** 'mt_engine.created', 'mt_engine.updated', 'mt_engine.deleted' */
	action: string;
	details?: Record<string, unknown>;
}

export interface ServerAuditEvent {
	id: number;
	action: string;
	actor: string | null;
	details: Record<string, unknown>;
	createdAt: Date;
}

export async function recordServerAudit(trx: Transaction<DB> | Database, event: ServerAuditInput): Promise<void> {
	await trx
		.insertInto('serverAuditEvents')
		.values({ actorId: event.actorId, action: event.action, details: JSON.stringify(event.details ?? {}) })
		.execute();
}

/** Newest first, for the actions named by `prefix` ('mt_engine.'). */
export async function listServerAudit(db: Database, prefix: string, limit = 50): Promise<ServerAuditEvent[]> {
	const rows = await db
		.selectFrom('serverAuditEvents as a')
		.leftJoin('users', 'users.id', 'a.actorId')
		.select(['a.id', 'a.action', 'users.name as actor', 'a.details', 'a.createdAt'])
		.where('a.action', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
		.orderBy('a.id', 'desc')
		.limit(Math.min(limit, 500))
		.execute();
	return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> }));
}
