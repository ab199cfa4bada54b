import pg from 'pg';
import type { DatabaseHandle } from '../db/db';
import { CONNECT_TIMEOUT_MS } from '../db/db';
import { LIVE_CHANNEL } from '../../live/protocol';

// One listening connection per process. On a Postgres server it is a client of its own, outside
// the pool: LISTEN needs a session that stays put, which a pooler in transaction mode (PgBouncer)
// does not give, so DATABASE_LISTEN_URL may name the server directly while DATABASE_URL names
// the pooler. On the embedded database PGlite delivers the same NOTIFY in process, on commit.

export interface ListenerEvents {
	message(payload: string): void;
	/** The connection failed: notifications from now on are missed until it is back. */
	lost(): void;
	/** The connection was lost and is back: notifications sent meanwhile were missed. */
	reconnected(): void;
}

export interface LiveListener {
	start(): Promise<void>;
	stop(): Promise<void>;
}

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000];

export function listenerFor(handle: DatabaseHandle, events: ListenerEvents): LiveListener {
	if ('pglite' in handle.queue) {
		const pglite = handle.queue.pglite;
		let unlisten: (() => Promise<void>) | null = null;
		return {
			async start() {
				unlisten = await pglite.listen(LIVE_CHANNEL, (payload) => events.message(payload));
			},
			async stop() {
				await unlisten?.().catch(() => undefined);
				unlisten = null;
			}
		};
	}
	return new PostgresListener(process.env.DATABASE_LISTEN_URL?.trim() || handle.queue.url, events);
}

class PostgresListener implements LiveListener {
	#client: pg.Client | null = null;
	#stopped = false;
	#attempt = 0;
	#lost = false;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly url: string,
		private readonly events: ListenerEvents
	) {}

	async start(): Promise<void> {
		await this.#connect();
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		const client = this.#client;
		this.#client = null;
		await client?.end().catch(() => undefined);
	}

	async #connect(): Promise<void> {
		const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
		client.on('notification', (m) => {
			if (m.channel === LIVE_CHANNEL && m.payload) this.events.message(m.payload);
		});
		client.on('error', (e) => this.#drop(client, e.message));
		client.on('end', () => this.#drop(client, 'the connection ended'));
		try {
			await client.connect();
			await client.query(`listen ${LIVE_CHANNEL}`);
		} catch (e) {
			client.removeAllListeners('end');
			await client.end().catch(() => undefined);
			this.#markLost();
			this.#retry(e instanceof Error ? e.message : String(e));
			return;
		}
		if (this.#stopped) {
			await client.end().catch(() => undefined);
			return;
		}
		this.#client = client;
		this.#attempt = 0;
		if (this.#lost) {
			this.#lost = false;
			console.warn('Live updates: listening again.');
			this.events.reconnected();
		}
	}

	#drop(client: pg.Client, why: string): void {
		if (this.#client !== client) return;
		this.#client = null;
		this.#markLost();
		client.end().catch(() => undefined);
		this.#retry(why);
	}

	#markLost(): void {
		const first = !this.#lost;
		this.#lost = true;
		if (first) this.events.lost();
	}

	#retry(why: string): void {
		// Stopped, perhaps by the loss itself (the database it listened to is no longer the app's).
		if (this.#stopped) return;
		const delay = RETRY_DELAYS_MS[Math.min(this.#attempt++, RETRY_DELAYS_MS.length - 1)];
		if (this.#attempt === 1) console.warn(`Live updates: the listening connection failed (${why}); trying again every few seconds.`);
		this.#timer = setTimeout(() => void this.#connect(), delay);
		this.#timer.unref();
	}
}
