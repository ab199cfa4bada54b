import { sql } from 'kysely';
import type { Database } from '../db/db';
import type { Block } from '../../import/model';
import type { LiveSegment, PresencePerson } from '../../live/protocol';
import type { WireEvent } from './sse';

// What the hub reads: stored events (live, and replayed after a reconnection), presence and who
// is still a member. The bell's count is the notifications' own (unreadCounts).

/** How far back a reconnecting client is caught up; a client away longer is told to reload. */
export const REPLAY_WINDOW_SECONDS = 10 * 60;
/** More missed events than this and reloading the page is quicker than replaying them. */
export const MAX_REPLAY = 500;
/**
 * Event ids are taken when the row is inserted, not when its transaction commits, so an event
 * can become visible after one with a higher id. Replays reach this far behind the client's last
 * id, and clients skip ids they have seen: nothing is missed, something may come twice.
 */
export const REPLAY_OVERLAP_SECONDS = 10;
/** Events older than this are deleted by the hourly sweep. */
export const KEEP_EVENTS_SECONDS = 60 * 60;

interface EventRow {
	id: number;
	documentId: number;
	kind: string;
	data: Record<string, unknown>;
	createdAt: Date;
}

const eventColumns = sql`e.id, e.document_id as "documentId", e.kind, e.data, e.created_at as "createdAt"`;

export async function eventsById(db: Database, ids: readonly number[]): Promise<WireEvent[]> {
	if (ids.length === 0) return [];
	const { rows } = await sql<EventRow>`
		select ${eventColumns} from document_events e where e.id = any(string_to_array(${ids.join(',')}, ',')::int[]) order by e.id`.execute(db);
	return withContent(db, rows);
}

/** Events of the documents stored since `since` (less the overlap), for a process whose listener was away. */
export async function eventsSince(db: Database, documentIds: readonly number[], since: Date): Promise<WireEvent[]> {
	if (documentIds.length === 0) return [];
	const { rows } = await sql<EventRow>`
		select ${eventColumns} from document_events e
		where e.document_id = any(string_to_array(${documentIds.join(',')}, ',')::int[])
			and e.created_at >= ${since}::timestamptz - make_interval(secs => ${REPLAY_OVERLAP_SECONDS})
		order by e.id`.execute(db);
	return withContent(db, rows);
}

export type Replay = { kind: 'events'; events: WireEvent[] } | { kind: 'reload'; reason: string };

/**
 * What a client missed of the document since event `lastId`: the last it saw, or the cursor its
 * page was loaded with (the newest event of any document then; 0 when there was none at all).
 */
export async function replayAfter(db: Database, documentId: number, lastId: number): Promise<Replay> {
	const { rows: anchors } = await sql<{ createdAt: Date | null; recent: boolean }>`
		select a.created_at as "createdAt", a.created_at > now() - make_interval(secs => ${REPLAY_WINDOW_SECONDS}) as recent
		from (select (select created_at from document_events where id = ${lastId}) as created_at) a`.execute(db);
	const anchor = anchors[0];
	if (lastId > 0 && (anchor.createdAt === null || !anchor.recent)) {
		return { kind: 'reload', reason: 'You were away too long to be caught up: reload the page to see the document as it is now.' };
	}
	const { rows } = await sql<EventRow>`
		select ${eventColumns} from document_events e
		where e.document_id = ${documentId}
			and (e.id > ${lastId} or e.created_at >= ${anchor.createdAt}::timestamptz - make_interval(secs => ${REPLAY_OVERLAP_SECONDS}))
		order by e.id
		limit ${MAX_REPLAY + 1}`.execute(db);
	if (rows.length > MAX_REPLAY) return { kind: 'reload', reason: 'Too much changed while you were away: reload the page to see the document as it is now.' };
	// A client that saw nothing, while older events than the window are still stored, may have been away for longer.
	if (lastId === 0 && rows.length > 0 && rows[0].createdAt.getTime() < Date.now() - REPLAY_WINDOW_SECONDS * 1000) {
		return { kind: 'reload', reason: 'You were away too long to be caught up: reload the page to see the document as it is now.' };
	}
	return { kind: 'events', events: await withContent(db, rows) };
}

/**
 * The id a page load hands its client to connect with, read before the page's data: the events
 * of its document after it are the ones the page does not show. The newest of all documents (an
 * index lookup), so that it names a row whose time the replay can be measured from.
 */
export async function liveCursor(db: Database): Promise<number> {
	const row = await db
		.selectFrom('documentEvents')
		.select((eb) => eb.fn.max('id').as('id'))
		.executeTakeFirst();
	return Number(row?.id ?? 0);
}

/** Segment events name revisions; the revisions' content (immutable) is added as they are sent. */
async function withContent(db: Database, rows: EventRow[]): Promise<WireEvent[]> {
	const revisionIds = new Set<number>();
	for (const row of rows) for (const s of segmentsOf(row)) if (s.revisionId !== null) revisionIds.add(s.revisionId);
	const contents = new Map<number, Block>();
	if (revisionIds.size > 0) {
		const { rows: found } = await sql<{ id: number; content: Block }>`
			select id, content from revisions where id = any(string_to_array(${[...revisionIds].join(',')}, ',')::int[])`.execute(db);
		for (const r of found) contents.set(r.id, r.content);
	}
	return rows.map((row) => {
		const data: Record<string, unknown> = { ...row.data, eventId: row.id, documentId: row.documentId, at: new Date(row.createdAt).toISOString() };
		if (Array.isArray(row.data.segments)) {
			data.segments = segmentsOf(row).map((s) => ({ ...s, content: s.revisionId === null ? null : (contents.get(s.revisionId) ?? null) }));
		}
		return { id: row.id, event: row.kind, data };
	});
}

function segmentsOf(row: EventRow): LiveSegment[] {
	return Array.isArray(row.data.segments) ? (row.data.segments as LiveSegment[]) : [];
}

/** Who has each document open now (leases not yet lapsed), in the order they came. */
export async function presenceOf(db: Database, documentIds: readonly number[]): Promise<Map<number, PresencePerson[]>> {
	const byDocument = new Map<number, PresencePerson[]>(documentIds.map((id) => [id, []]));
	if (documentIds.length === 0) return byDocument;
	const { rows } = await sql<{ documentId: number; userId: number; name: string; segmentId: number | null; since: Date }>`
		select p.document_id as "documentId", p.user_id as "userId", u.name, p.segment_id as "segmentId", p.since
		from document_presence p join users u on u.id = p.user_id
		where p.document_id = any(string_to_array(${documentIds.join(',')}, ',')::int[]) and p.expires_at > now()
		order by p.since, p.user_id`.execute(db);
	for (const r of rows) byDocument.get(r.documentId)?.push({ userId: r.userId, name: r.name, segmentId: r.segmentId, since: new Date(r.since).toISOString() });
	return byDocument;
}

/** Which of these (project, user) pairs are still memberships: "projectId:userId" keys. */
export async function stillMembers(db: Database, pairs: readonly { projectId: number; userId: number }[]): Promise<Set<string>> {
	if (pairs.length === 0) return new Set();
	const { rows } = await sql<{ projectId: number; userId: number }>`
		select project_id as "projectId", user_id as "userId" from project_members
		where project_id = any(string_to_array(${[...new Set(pairs.map((p) => p.projectId))].join(',')}, ',')::int[])
			and user_id = any(string_to_array(${[...new Set(pairs.map((p) => p.userId))].join(',')}, ',')::int[])`.execute(db);
	return new Set(rows.map((r) => `${r.projectId}:${r.userId}`));
}

export async function pruneEvents(db: Database): Promise<void> {
	await sql`delete from document_events where created_at < now() - make_interval(secs => ${KEEP_EVENTS_SECONDS})`.execute(db);
	await sql`delete from document_presence where expires_at < now() - interval '1 hour'`.execute(db);
}
