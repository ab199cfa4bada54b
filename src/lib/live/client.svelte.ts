import type { LiveEventName, NotificationEventData } from './protocol';

// The browser's side of live updates: one event stream per tab, whichever page it shows. A page
// with a document watches that document's stream (which also carries the bell); any other page
// of a signed-in user has their own stream, for the bell. One connection, not one per widget:
// browsers allow six per server over HTTP/1.1, and a tab that hid holds none (it catches up
// from Last-Event-ID when it is shown again).

export type LiveHandler = (name: LiveEventName, data: Record<string, unknown>) => void;

interface Watched {
	documentId: number;
	handler: LiveHandler;
	/** The last stored event seen: the page's cursor at first. */
	lastId: number;
}

const NAMES: LiveEventName[] = ['segment', 'review', 'comment', 'publication', 'presence', 'notification', 'reload'];
const RETRY_MS = [2_000, 5_000, 10_000, 30_000];
const SEEN_LIMIT = 2_000;

class LiveClient {
	/** The bell's count as the server last said; null until it has. */
	unread = $state<number | null>(null);

	#signedIn = false;
	#watched: Watched | null = null;
	#source: EventSource | null = null;
	#url: string | null = null;
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#seen = new Set<number>();
	#listening = false;

	/** The layout says whether someone is signed in. */
	signedIn(yes: boolean): void {
		this.#signedIn = yes;
		if (!yes) this.unread = null;
		this.#reconcile();
	}

	/** A document page watches its document until the returned function is called. */
	watchDocument(documentId: number, cursor: number, handler: LiveHandler): () => void {
		const watched: Watched = { documentId, handler, lastId: cursor };
		this.#watched = watched;
		this.#seen.clear();
		this.#reconcile(true);
		return () => {
			if (this.#watched !== watched) return;
			this.#watched = null;
			this.#reconcile(true);
		};
	}

	#reconcile(changed = false): void {
		if (typeof window === 'undefined') return;
		this.#listen();
		const visible = document.visibilityState !== 'hidden';
		const url = !visible
			? null
			: this.#watched
				? `/api/v1/documents/${this.#watched.documentId}/events?lastEventId=${this.#watched.lastId}`
				: this.#signedIn
					? '/api/v1/events'
					: null;
		// The same stream stays open; a new cursor for it is not a reason to reconnect.
		if (!changed && url !== null && this.#source && this.#url?.split('?')[0] === url.split('?')[0]) return;
		this.#close();
		if (url) this.#open(url);
	}

	#open(url: string): void {
		const source = new EventSource(url);
		this.#source = source;
		this.#url = url;
		const watched = this.#watched;
		source.onopen = () => (this.#failures = 0);
		source.onerror = () => {
			// EventSource reconnects by itself after a dropped connection; after a refusal (an
			// error status, the server gone) it gives up, and so the page tries again, later and later.
			if (source.readyState === EventSource.CLOSED) {
				this.#close();
				const delay = RETRY_MS[Math.min(this.#failures++, RETRY_MS.length - 1)];
				this.#timer = setTimeout(() => this.#reconcile(true), delay);
			}
		};
		for (const name of NAMES) {
			source.addEventListener(name, (e) => {
				let data: Record<string, unknown>;
				try {
					data = JSON.parse((e as MessageEvent<string>).data);
				} catch {
					return;
				}
				const id = typeof data.eventId === 'number' ? data.eventId : null;
				if (id !== null) {
					// Replays overlap with what came live: each stored event is applied once.
					if (this.#seen.has(id)) return;
					this.#seen.add(id);
					if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value as number);
					if (watched && id > watched.lastId) watched.lastId = id;
				}
				if (name === 'notification') this.unread = (data as unknown as NotificationEventData).unread;
				watched?.handler(name, data);
			});
		}
	}

	#close(): void {
		clearTimeout(this.#timer);
		this.#source?.close();
		this.#source = null;
		this.#url = null;
	}

	#listen(): void {
		if (this.#listening) return;
		this.#listening = true;
		document.addEventListener('visibilitychange', () => this.#reconcile(true));
	}
}

export const live = new LiveClient();
