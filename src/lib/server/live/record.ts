import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/db';
import { LIVE_CHANNEL, type CommentEventData, type LiveActor, type PublicationEventData, type SegmentsEventData } from '../../live/protocol';

// The writing side of live updates. A verb that changes what a document's readers see records an
// event in its own transaction; the NOTIFY it sends is delivered on commit (never for a rollback)
// and carries only ids, so the payload limit never matters and every process reads the same row.
//   d:<documentId>:<eventId>   a stored event of the document
//   p:<documentId>             its presence changed (read from document_presence)
//   u:<userId>                 the user's notifications changed

export const actorOf = (user: { id: number; name: string }): LiveActor => ({ id: user.id, name: user.name });

type SegmentEventKind = 'segment' | 'review';

interface SegmentsEvent {
	documentId: number;
	kind: SegmentEventKind;
	cause: string;
	actor: LiveActor | null;
	segmentIds: readonly number[];
	extra?: Pick<SegmentsEventData, 'notes' | 'documentState'>;
}

/**
 * Records how the given segments stand now, as the transaction sees them, after a change to
 * them. The snapshot is made in SQL (one statement with the insert and the NOTIFY): it must see
 * the transaction's own writes, and a bulk change (a submission, a replace-all) is one event.
 */
export async function recordSegmentsEvent(db: Database, event: SegmentsEvent): Promise<void> {
	if (event.segmentIds.length === 0) return;
	const head: Omit<SegmentsEventData, 'segments'> = { cause: event.cause, actor: event.actor, ...event.extra };
	// Ids travel comma-separated: PGlite and pg pass array parameters differently.
	await sql`
		with snap as (${segmentSnapshot(event.segmentIds)}),
		e as (
			insert into document_events (document_id, kind, actor_id, data)
			select ${event.documentId}, ${event.kind}, ${event.actor?.id ?? null}::integer,
				${JSON.stringify(head)}::jsonb || jsonb_build_object('segments', coalesce((select jsonb_agg(to_jsonb(snap) order by snap.id) from snap), '[]'::jsonb))
			returning id, document_id
		)
		select pg_notify(${LIVE_CHANNEL}, 'd:' || document_id || ':' || id) from e`.execute(db);
}

/**
 * A segment as the workspace shows it, from its row and current revision. It says in SQL what
 * segment-now.ts says in TypeScript: differsFromMt and lastEditor follow nowOf() and conflict().
 */
function segmentSnapshot(segmentIds: readonly number[]): RawBuilder<unknown> {
	return sql`
		select s.id, s.current_revision_id as "revisionId", s.state,
			(s.confirmed_revision_id is not null and s.confirmed_revision_id = s.current_revision_id) as confirmed,
			case when mt.id is null then coalesce(cur.text, '') <> '' else coalesce(cur.text, '') <> mt.text end as "differsFromMt",
			case when cur.id is null or cur.origin = 'mt' then null else coalesce(u.name, 'A former member') end as "lastEditor"
		from segments s
		left join revisions cur on cur.id = s.current_revision_id
		left join revisions mt on mt.id = s.mt_revision_id
		left join users u on u.id = cur.author_id
		where s.id = any(string_to_array(${segmentIds.join(',')}, ',')::int[])`;
}

async function recordEvent(db: Database, documentId: number, kind: 'comment' | 'publication', actorId: number | null, data: object): Promise<void> {
	await sql`
		with e as (
			insert into document_events (document_id, kind, actor_id, data)
			values (${documentId}, ${kind}, ${actorId}::integer, ${JSON.stringify(data)}::jsonb)
			returning id, document_id
		)
		select pg_notify(${LIVE_CHANNEL}, 'd:' || document_id || ':' || id) from e`.execute(db);
}

/** After a comment is added or a thread resolved: the segment's comment counts as commentSummary() gives them. */
export async function recordCommentEvent(
	db: Database,
	event: { documentId: number; segmentId: number; commentId: number | null; actor: LiveActor }
): Promise<void> {
	const counts = await db
		.selectFrom('comments')
		.select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.countAll<number>().filterWhere('resolvedAt', 'is', null).as('open')])
		.where('segmentId', '=', event.segmentId)
		.executeTakeFirstOrThrow();
	const data: CommentEventData = {
		actor: event.actor,
		segmentId: event.segmentId,
		commentId: event.commentId,
		counts: { total: Number(counts.total), open: Number(counts.open) }
	};
	await recordEvent(db, event.documentId, 'comment', event.actor.id, data);
}

export async function recordPublicationEvent(db: Database, documentId: number, data: PublicationEventData): Promise<void> {
	await recordEvent(db, documentId, 'publication', data.actor?.id ?? null, data);
}

/** The bell of each of these users changed (a notification arrived, some were read). */
export async function signalUsers(db: Database, userIds: readonly number[]): Promise<void> {
	const ids = [...new Set(userIds)];
	if (ids.length === 0) return;
	await sql`select pg_notify(${LIVE_CHANNEL}, 'u:' || id) from unnest(string_to_array(${ids.join(',')}, ',')::int[]) as id`.execute(db);
}

/** Someone's presence in the document changed: each process reads it again. */
export async function signalPresence(db: Database, documentId: number): Promise<void> {
	await sql`select pg_notify(${LIVE_CHANNEL}, ${`p:${documentId}`})`.execute(db);
}
