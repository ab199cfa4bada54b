import { sql } from 'kysely';
import { currentDatabase, getDb } from '../db/db';
import { retryDelay, MAX_ATTEMPTS } from '../../webhooks/backoff';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../../webhooks/signature';
import { checkWebhookUrl } from '../../webhooks/url';
import { webhookTargetPolicy } from '../db/config';
import { isDatabaseUnavailable, unavailableReason } from '../db/unavailable';
import { postWebhook, type PostOutcome } from './post';

export interface DeliveryOptions {
	/** The worker's clock: which deliveries are due, and when the next attempt is. */
	now?: () => Date;
	timeoutMs?: number;
	/** How many deliveries one run claims at most. */
	batch?: number;
}

const TIMEOUT_MS = 10_000;

interface Claimed {
	id: number;
	eventType: string;
	body: string;
	attempts: number;
	url: string;
	secret: string;
}

/**
 * Claims due deliveries and sends them. A claim pushes next_attempt_at past the timeout, so a
 * crashed process's claim expires and another process retries; `skip locked` keeps two processes
 * from claiming the same row. No transaction stays open during the HTTP request.
 */
export async function runDueDeliveries(options: DeliveryOptions = {}): Promise<number> {
	const now = options.now ?? (() => new Date());
	const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
	const claimedAt = now();
	const lease = new Date(claimedAt.getTime() + timeoutMs + 60_000);
	// Without a test clock, the database's own clock says what is due: it stamped next_attempt_at,
	// and a JavaScript Date (whole milliseconds) can fall just before a row made the same millisecond.
	const due = options.now ? sql`${claimedAt}::timestamptz` : sql`clock_timestamp()`;
	const { rows } = await sql<Claimed>`
		update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${lease}
		from webhooks w
		where w.id = d.webhook_id and d.id in (
			select id from webhook_deliveries
			where status = 'pending' and next_attempt_at <= ${due}
			order by next_attempt_at, id
			limit ${options.batch ?? 20}
			for update skip locked)
		returning d.id, d.event_type, d.body, d.attempts, w.url, w.secret`.execute(getDb());
	await Promise.all(rows.map((row) => deliver(row, now, timeoutMs)));
	return rows.length;
}

async function deliver(row: Claimed, now: () => Date, timeoutMs: number): Promise<void> {
	const started = now();
	const t0 = performance.now();
	const outcome = await post(row, timeoutMs);
	const durationMs = Math.round(performance.now() - t0);
	const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
	const delay = ok ? null : retryDelay(Math.min(row.attempts, MAX_ATTEMPTS));
	const finished = now();
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await trx
				.insertInto('webhookAttempts')
				.values({ deliveryId: row.id, attemptedAt: started, responseStatus: outcome.status, error: outcome.error, durationMs })
				.execute();
			await trx
				.updateTable('webhookDeliveries')
				.set(ok ? { status: 'delivered' } : delay === null ? { status: 'failed' } : { status: 'pending', nextAttemptAt: new Date(finished.getTime() + delay) })
				.where('id', '=', row.id)
				.execute();
		});
}

async function post(row: Claimed, timeoutMs: number): Promise<PostOutcome> {
	const checked = checkWebhookUrl(row.url);
	if (!checked.ok) return { status: null, error: checked.message };
	// Each attempt is signed anew at the wall-clock time the receiver will compare with (not the
	// worker's scheduling clock); the body, and so the event id, stays the same.
	const timestamp = Math.floor(Date.now() / 1000);
	const headers = {
		'content-type': 'application/json',
		'user-agent': 'Rendition-Webhooks/1',
		[TIMESTAMP_HEADER]: String(timestamp),
		[SIGNATURE_HEADER]: signBody(row.secret, timestamp, row.body),
		[EVENT_HEADER]: row.eventType,
		[DELIVERY_HEADER]: String(row.id)
	};
	const outcome = await postWebhook(new URL(checked.url), headers, row.body, timeoutMs, webhookTargetPolicy());
	const redirected = outcome.status !== null && outcome.status >= 300 && outcome.status < 400;
	return redirected ? { ...outcome, error: 'Redirects are not followed; register the final URL.' } : outcome;
}

/** How long the log of a finished delivery (delivered or given up) is kept. */
export const DELIVERY_LOG_DAYS = 30;

/**
 * Deletes finished deliveries (with their attempts) older than DELIVERY_LOG_DAYS, so the outbox
 * does not grow with every publication forever. Pending deliveries stay whatever their age.
 */
export async function pruneDeliveries(now: Date = new Date()): Promise<number> {
	const before = new Date(now.getTime() - DELIVERY_LOG_DAYS * 24 * 60 * 60 * 1000);
	const gone = await getDb().deleteFrom('webhookDeliveries').where('status', '<>', 'pending').where('createdAt', '<', before).executeTakeFirst();
	return Number(gone.numDeletedRows);
}

const slot = globalThis as typeof globalThis & {
	__renditionWebhooks?: { timer: ReturnType<typeof setInterval>; running: Promise<void> | null; again: boolean; databaseAway: boolean };
};

/**
 * Runs the worker now (after a test event or a retry), or once more when it is running; resolves
 * when that run ends or after `waitMs`, whichever is first, so a page can show the outcome.
 */
export async function kickDeliveryWorker(waitMs = 0): Promise<void> {
	const worker = slot.__renditionWebhooks;
	// No database (a test closed it under a server it started): nothing to deliver from.
	if (!worker || !currentDatabase()) return;
	if (worker.running) worker.again = true;
	else startRun(worker);
	if (waitMs > 0 && worker.running) {
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([worker.running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
		clearTimeout(timer);
	}
}

function startRun(worker: NonNullable<typeof slot.__renditionWebhooks>): void {
	worker.running = (async () => {
		do {
			worker.again = false;
			try {
				while ((await runDueDeliveries()) > 0 && slot.__renditionWebhooks === worker);
				worker.databaseAway = false;
			} catch (e) {
				// The worker wakes every few seconds: an outage is one line, not a stack trace each time.
				if (!isDatabaseUnavailable(e)) console.error('Delivering webhooks failed', e);
				else if (!worker.databaseAway) console.warn(`Webhook deliveries wait for the database (${unavailableReason(e)}).`);
				worker.databaseAway = isDatabaseUnavailable(e);
			}
		} while (worker.again && slot.__renditionWebhooks === worker);
		worker.running = null;
	})();
}

export function startDeliveryWorker(intervalMs = 5_000): void {
	void stopDeliveryWorker();
	slot.__renditionWebhooks = { timer: setInterval(() => void kickDeliveryWorker(), intervalMs).unref(), running: null, again: false, databaseAway: false };
	void kickDeliveryWorker();
}

export async function stopDeliveryWorker(): Promise<void> {
	const worker = slot.__renditionWebhooks;
	if (!worker) return;
	slot.__renditionWebhooks = undefined;
	clearInterval(worker.timer);
	await worker.running;
}
