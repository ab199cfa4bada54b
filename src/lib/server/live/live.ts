import { z } from 'zod';
import type { Database, DatabaseHandle } from '../db/db';
import { validate } from '../errors';
import { requireAllowed } from '../permissions';
import type { DocumentAccess } from '../documents/documents';
import type { AuthUser } from '../auth/sessions';
import { LiveHub, type HubOptions } from './hub';
import { eventStream } from './sse';
import { liveCursor } from './reads';
import { leaseSeconds } from './presence';

// The doors to live updates: a member subscribes to a document's events, a signed-in user to
// their own bell. The process's hub is started with the app and stopped with it.

const slot = globalThis as typeof globalThis & { __renditionLive?: LiveHub };

export async function startLiveHub(handle: DatabaseHandle, options?: HubOptions): Promise<LiveHub> {
	await slot.__renditionLive?.stop();
	const hub = new LiveHub(handle, { followAppDatabase: true, ...options });
	slot.__renditionLive = hub;
	await hub.start();
	return hub;
}

export async function stopLiveHub(): Promise<void> {
	const hub = slot.__renditionLive;
	slot.__renditionLive = undefined;
	await hub?.stop();
}

function hub(): LiveHub {
	if (!slot.__renditionLive) throw new Error('Live updates are not started: startApp() has not run.');
	return slot.__renditionLive;
}

const lastEventIdMessage = 'Last-Event-ID must be the id of an event this stream sent (a whole number).';
const lastEventIdSchema = z.object({
	lastEventId: z
		.string()
		.regex(/^(0|[1-9][0-9]{0,9})$/, lastEventIdMessage)
		.transform(Number)
		.refine((n) => n <= 2 ** 31 - 1, lastEventIdMessage)
		.nullable()
});

/**
 * The document's event stream for one of its members. `lastEventId` (the Last-Event-ID header a
 * reconnecting browser sends, or the cursor its page was loaded with) says what they have seen:
 * what they missed since comes first.
 */
export function documentEvents(doc: DocumentAccess, lastEventId: string | null): Response {
	requireAllowed(doc, 'read');
	const { lastEventId: last } = validate(lastEventIdSchema, { lastEventId });
	const live = hub();
	return eventStream((sink) => live.subscribeDocument({ documentId: doc.id, projectId: doc.project.id, userId: doc.actor.id }, last, sink));
}

/** The signed-in user's own stream: their bell, on pages that show no document. */
export function userEvents(user: AuthUser): Response {
	const live = hub();
	return eventStream((sink) => live.subscribeUser(user.id, sink));
}

/** What a page showing the document needs to follow it live: where its stream starts, and the presence lease. */
export async function pageState(db: Database, doc: DocumentAccess): Promise<{ cursor: number; leaseSeconds: number }> {
	requireAllowed(doc, 'read');
	return { cursor: await liveCursor(db), leaseSeconds: leaseSeconds() };
}
