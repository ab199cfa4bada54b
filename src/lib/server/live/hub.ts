import { currentDatabase, type DatabaseHandle } from '../db/db';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { PresencePerson } from '../../live/protocol';
import { listenerFor, type LiveListener } from './listener';
import { eventsById, eventsSince, presenceOf, replayAfter, stillMembers } from './reads';
import { unreadCounts } from '../activity/notifications';
import { encodeEvent, PING, RETRY, type Sink, type WireEvent } from './sse';

// The live updates of one app process: who here is subscribed to which document (and to their
// own bell), and the fan-out of what the listener hears to them. Nothing here is the truth: the
// events, presence and memberships are rows, so any process can serve any client, and a client
// that reconnects elsewhere is caught up from the rows.

export interface HubOptions {
	/** How often presence is read again for the documents open here (leases lapse by themselves). */
	presenceIntervalMs?: number;
	/** How often subscriptions are checked against the memberships (a removed member stops receiving). */
	membershipIntervalMs?: number;
	pingIntervalMs?: number;
	/** The app's own hub stops by itself once the app's database is closed or replaced (tests do both). */
	followAppDatabase?: boolean;
}

interface Subscriber {
	userId: number;
	sink: Sink;
	/** What its replay sent, which may come live too (an event read by the replay whose NOTIFY was still on its way); null when nothing was replayed. */
	replayed: Set<number> | null;
	/** While its replay is read: live events wait here, in order. */
	waiting: WireEvent[] | null;
}

interface DocumentSubscriber extends Subscriber {
	documentId: number;
	projectId: number;
}

const SEEN_LIMIT = 1_000;
/**
 * A busy hub reads and sends at most this often: what arrives meanwhile goes out together, one
 * write per subscriber rather than one per event (each write is a system call and a trip through
 * the response stream, times every subscriber). An idle hub sends at once.
 */
const MIN_FLUSH_GAP_MS = 100;
/** How long a subscriber's replayed ids are kept to skip their live copies. */
const REPLAY_SETTLE_MS = 5_000;

export class LiveHub {
	readonly #handle: DatabaseHandle;
	readonly #listener: LiveListener;
	readonly #options: Required<HubOptions>;
	readonly #documents = new Map<number, Set<DocumentSubscriber>>();
	readonly #users = new Map<number, Set<Subscriber>>();
	readonly #presenceShown = new Map<number, string>();
	/** Events sent lately, per document open here. */
	readonly #sent = new Map<number, Set<number>>();
	#pendingEvents = new Set<number>();
	#pendingPresence = new Set<number>();
	#pendingUsers = new Set<number>();
	#flushing: Promise<void> | null = null;
	#lastFlush = 0;
	#timers: ReturnType<typeof setInterval>[] = [];
	#lostAt: Date | null = null;
	#stopped = false;

	constructor(handle: DatabaseHandle, options: HubOptions = {}) {
		this.#handle = handle;
		this.#options = { presenceIntervalMs: 5_000, membershipIntervalMs: 60_000, pingIntervalMs: 20_000, followAppDatabase: false, ...options };
		this.#listener = listenerFor(handle, {
			message: (payload) => this.#heard(payload),
			lost: () => {
				if (this.#options.followAppDatabase && currentDatabase() !== handle) void this.stop();
				else this.#lostAt ??= new Date();
			},
			reconnected: () => void this.#catchUp()
		});
	}

	async start(): Promise<void> {
		await this.#listener.start();
		const every = (ms: number, work: () => void) => {
			const timer = setInterval(work, ms);
			timer.unref();
			this.#timers.push(timer);
		};
		every(this.#options.presenceIntervalMs, () => {
			for (const id of this.#documents.keys()) this.#pendingPresence.add(id);
			this.#schedule();
		});
		every(this.#options.membershipIntervalMs, () => void this.#checkMemberships().catch((e) => this.#report(e, 'Checking live subscriptions failed')));
		every(this.#options.pingIntervalMs, () => this.#broadcast(PING));
	}

	/** Ends every stream (their clients reconnect, to another process if this one is going away). */
	async stop(): Promise<void> {
		this.#stopped = true;
		for (const timer of this.#timers) clearInterval(timer);
		await this.#listener.stop();
		// Every subscriber is one of its user's, a document's too.
		for (const subs of this.#users.values()) for (const s of [...subs]) s.sink.close();
		await this.#flushing;
	}

	/**
	 * A member's stream of the document: what they missed since `lastEventId` (null: only what
	 * comes from now on), then every event as it happens, with presence and their bell. The caller
	 * has checked the membership. Returns the unsubscribe.
	 */
	subscribeDocument(target: { documentId: number; projectId: number; userId: number }, lastEventId: number | null, sink: Sink): () => void {
		const sub: DocumentSubscriber = { ...target, sink, replayed: null, waiting: lastEventId === null ? null : [] };
		add(this.#documents, target.documentId, sub);
		add(this.#users, target.userId, sub);
		sink.write(RETRY(3_000));
		void this.#welcome(sub, lastEventId).catch((e) => {
			this.#report(e, 'Starting a live subscription failed');
			sink.close();
		});
		return () => {
			remove(this.#documents, target.documentId, sub);
			remove(this.#users, target.userId, sub);
			if (!this.#documents.has(target.documentId)) {
				this.#presenceShown.delete(target.documentId);
				this.#sent.delete(target.documentId);
			}
		};
	}

	/** A user's own stream, for pages without a document: their bell. */
	subscribeUser(userId: number, sink: Sink): () => void {
		const sub: Subscriber = { userId, sink, replayed: null, waiting: null };
		add(this.#users, userId, sub);
		sink.write(RETRY(3_000));
		void this.#sendUnread([sub]).catch((e) => this.#report(e, 'Starting a live subscription failed'));
		return () => remove(this.#users, userId, sub);
	}

	async #welcome(sub: DocumentSubscriber, lastEventId: number | null): Promise<void> {
		const db = this.#handle.db;
		if (lastEventId !== null) {
			const replay = await replayAfter(db, sub.documentId, lastEventId);
			if (replay.kind === 'reload') sub.sink.write(encodeEvent({ event: 'reload', data: { reason: replay.reason } }));
			else if (replay.events.length > 0) {
				sub.replayed = new Set();
				for (const e of replay.events) deliver(sub, e);
				// Any NOTIFY of a replayed event has arrived well within this.
				setTimeout(() => (sub.replayed = null), REPLAY_SETTLE_MS).unref();
			}
			const waiting = sub.waiting ?? [];
			sub.waiting = null;
			for (const e of waiting) deliver(sub, e);
		}
		const people = (await presenceOf(db, [sub.documentId])).get(sub.documentId) ?? [];
		sub.sink.write(presenceEvent(people));
		await this.#sendUnread([sub]);
	}

	#heard(payload: string): void {
		const [kind, a, b] = payload.split(':');
		const id = Number(a);
		if (kind === 'd' && this.#documents.has(id)) this.#pendingEvents.add(Number(b));
		else if (kind === 'p' && this.#documents.has(id)) this.#pendingPresence.add(id);
		else if (kind === 'u' && this.#users.has(id)) this.#pendingUsers.add(id);
		else return;
		this.#schedule();
	}

	/** Gathers what arrives together (a bulk change, many saves at once) into one read. */
	#schedule(delayMs = 0): void {
		if (this.#flushing || this.#stopped) return;
		let failed = false;
		delayMs = Math.max(delayMs, this.#lastFlush + MIN_FLUSH_GAP_MS - performance.now());
		this.#flushing = new Promise<void>((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs).unref() : setImmediate(resolve)))
			.then(() => {
				this.#lastFlush = performance.now();
				return this.#flush();
			})
			.catch((e) => {
				failed = true;
				this.#report(e, 'Sending live updates failed');
			})
			.finally(() => {
				this.#flushing = null;
				// What could not be read is read again, after a pause when the database failed.
				if (this.#pendingEvents.size + this.#pendingPresence.size + this.#pendingUsers.size > 0) this.#schedule(failed ? 1_000 : 0);
			});
	}

	async #flush(): Promise<void> {
		const eventIds = [...this.#pendingEvents];
		const presence = [...this.#pendingPresence];
		const users = [...this.#pendingUsers];
		this.#pendingEvents.clear();
		this.#pendingPresence.clear();
		this.#pendingUsers.clear();
		const db = this.#handle.db;
		if (eventIds.length > 0) {
			const events = await eventsById(db, eventIds).catch((e: unknown) => {
				for (const id of eventIds) this.#pendingEvents.add(id);
				throw e;
			});
			this.#fanOut(events);
		}
		if (presence.length > 0) {
			for (const [documentId, people] of await presenceOf(db, presence)) {
				const shown = JSON.stringify(people);
				const subs = this.#documents.get(documentId);
				if (!subs || this.#presenceShown.get(documentId) === shown) continue;
				this.#presenceShown.set(documentId, shown);
				const bytes = presenceEvent(people);
				for (const sub of subs) sub.sink.write(bytes);
			}
		}
		if (users.length > 0) await this.#sendUnread(users.flatMap((id) => [...(this.#users.get(id) ?? [])]));
	}

	#fanOut(events: WireEvent[]): void {
		const byDocument = new Map<number, WireEvent[]>();
		for (const e of events) {
			const documentId = (e.data as { documentId: number }).documentId;
			if (!this.#documents.has(documentId)) continue;
			const batch = byDocument.get(documentId);
			if (batch) batch.push(e);
			else byDocument.set(documentId, [e]);
		}
		for (const [documentId, events] of byDocument) {
			// Each event once per document: a catch-up after the listener was away overlaps with what came live.
			let sent = this.#sent.get(documentId);
			if (!sent) this.#sent.set(documentId, (sent = new Set()));
			const batch = events.filter((e) => e.id === undefined || !sent.has(e.id));
			for (const e of batch) if (e.id !== undefined) remember(sent, e.id);
			if (batch.length === 0) continue;
			const encoded = batch.map(encodeEvent);
			// One write per subscriber, whatever the batch holds: the cost of a fan-out is its writes.
			const all = Buffer.concat(encoded);
			for (const sub of this.#documents.get(documentId) ?? []) {
				if (sub.waiting) sub.waiting.push(...batch);
				else if (sub.replayed) batch.forEach((e, i) => deliver(sub, e, encoded[i]));
				else sub.sink.write(all);
			}
		}
	}

	async #sendUnread(subs: Subscriber[]): Promise<void> {
		if (subs.length === 0) return;
		const counts = await unreadCounts(this.#handle.db, [...new Set(subs.map((s) => s.userId))]);
		for (const sub of subs) sub.sink.write(encodeEvent({ event: 'notification', data: { unread: counts.get(sub.userId) ?? 0 } }));
	}

	/** After the listener was away: what was stored meanwhile, and presence and bells afresh. */
	async #catchUp(): Promise<void> {
		const since = this.#lostAt ?? new Date(Date.now() - 60_000);
		this.#lostAt = null;
		try {
			this.#fanOut(await eventsSince(this.#handle.db, [...this.#documents.keys()], since));
			for (const id of this.#documents.keys()) this.#pendingPresence.add(id);
			for (const id of this.#users.keys()) this.#pendingUsers.add(id);
			this.#schedule();
		} catch (e) {
			this.#lostAt = since;
			this.#report(e, 'Catching up live updates failed');
		}
	}

	async #checkMemberships(): Promise<void> {
		const subs = [...this.#documents.values()].flatMap((s) => [...s]);
		const members = await stillMembers(
			this.#handle.db,
			subs.map((s) => ({ projectId: s.projectId, userId: s.userId }))
		);
		for (const sub of subs) if (!members.has(`${sub.projectId}:${sub.userId}`)) sub.sink.close();
	}

	#broadcast(bytes: Uint8Array): void {
		for (const subs of this.#users.values()) for (const sub of subs) sub.sink.write(bytes);
	}

	#report(e: unknown, what: string): void {
		// The database being away is the listener's to report, once; its return catches everyone up.
		if (!isDatabaseUnavailable(e)) console.error(what, e);
	}
}

/** Sends one event, unless the subscriber's replay already did. */
function deliver(sub: Subscriber, e: WireEvent, bytes?: Uint8Array): void {
	if (e.id !== undefined && sub.replayed) {
		if (sub.replayed.has(e.id)) return;
		remember(sub.replayed, e.id);
	}
	sub.sink.write(bytes ?? encodeEvent(e));
}

function remember(ids: Set<number>, id: number): void {
	ids.add(id);
	if (ids.size > SEEN_LIMIT) ids.delete(ids.values().next().value as number);
}

function presenceEvent(people: PresencePerson[]): Uint8Array {
	return encodeEvent({ event: 'presence', data: { people } });
}

function add<T>(map: Map<number, Set<T>>, key: number, value: T): void {
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(value);
}

function remove<T>(map: Map<number, Set<T>>, key: number, value: T): void {
	const set = map.get(key);
	if (!set) return;
	set.delete(value);
	if (set.size === 0) map.delete(key);
}
