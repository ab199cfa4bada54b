import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import type { DocumentAccess } from '../documents/documents';
import { idSchema } from '../../validation';
import { LIVE_CHANNEL } from '../../live/protocol';
import { signalPresence } from './record';

// Who has a document open, and which segment each of them is editing: a soft lock that warns the
// others and stops nobody. It is a lease: the page renews it with a heartbeat while it is open,
// says null for the segment once its user has gone idle, and a lease nobody renews lapses by
// itself (a closed laptop, a lost network, a killed process) with nothing to clean up.

const DEFAULT_LEASE_SECONDS = 30;

/** PRESENCE_LEASE_SECONDS, 30 by default: the page sends a heartbeat every third of it. */
export function leaseSeconds(): number {
	const asked = Number(process.env.PRESENCE_LEASE_SECONDS);
	return Number.isInteger(asked) && asked >= 2 && asked <= 3600 ? asked : DEFAULT_LEASE_SECONDS;
}

const segmentMessage = 'segmentId must be the id of a segment of this document, or null.';

export const presenceSchema = z.object({
	segmentId: z.union([z.null(), idSchema(segmentMessage)], { error: segmentMessage })
});

/**
 * Renews the member's lease on the document, at `segmentId` (null: the document, no segment).
 * The other readers are told only when what they see changes: someone arrives, moves to another
 * segment or comes back after their lease lapsed; a renewal alone is silent.
 */
export async function heartbeat(db: Database, doc: DocumentAccess, input: Input<typeof presenceSchema>): Promise<{ leaseSeconds: number; expiresAt: Date }> {
	requireAllowed(doc, 'read');
	const { segmentId } = validate(presenceSchema, input);
	const lease = leaseSeconds();
	if (segmentId !== null) {
		const found = await db.selectFrom('segments').select('id').where('id', '=', segmentId).where('documentId', '=', doc.id).executeTakeFirst();
		if (!found) throw new DomainError('invalid', segmentMessage, 'segmentId');
	}
	// One statement: the old lease, the new one, and the NOTIFY when the change is visible.
	const { rows } = await sql<{ expiresAt: Date }>`
		with old as (
			select segment_id, expires_at > now() as live from document_presence where document_id = ${doc.id} and user_id = ${doc.actor.id}
		), renewed as (
			insert into document_presence as p (document_id, user_id, segment_id, since, expires_at)
			values (${doc.id}, ${doc.actor.id}, ${segmentId}::integer, now(), now() + make_interval(secs => ${lease}))
			on conflict (document_id, user_id) do update set
				segment_id = excluded.segment_id,
				since = case when p.expires_at <= now() or p.segment_id is distinct from excluded.segment_id then now() else p.since end,
				expires_at = excluded.expires_at
			returning expires_at
		), told as (
			select pg_notify(${LIVE_CHANNEL}, ${`p:${doc.id}`})
			where not exists (select 1 from old where old.live and old.segment_id is not distinct from ${segmentId}::integer)
		)
		select renewed.expires_at as "expiresAt" from renewed left join told on true`.execute(db);
	return { leaseSeconds: lease, expiresAt: new Date(rows[0].expiresAt) };
}

/** The member closed the document: the others see them go at once rather than when the lease lapses. */
export async function leave(db: Database, doc: DocumentAccess): Promise<void> {
	requireAllowed(doc, 'read');
	const gone = await db.deleteFrom('documentPresence').where('documentId', '=', doc.id).where('userId', '=', doc.actor.id).returning('userId').execute();
	if (gone.length > 0) await signalPresence(db, doc.id);
}
