import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from './db';
import { DomainError } from '../errors';

// A creation happens once per key however often its form is sent: a double click, a resubmitted
// page or a retried request gets what the first one made. Forms carry a key made when the page
// was drawn (`newIdempotencyKey`); API callers may send one in the body. No key, no deduplication.

export const idempotencyKeySchema = z
	.string({ error: 'idempotencyKey must be text.' })
	.regex(/^[A-Za-z0-9_-]{8,100}$/, 'idempotencyKey: use 8 to 100 letters, digits, - or _.')
	.optional();

export function newIdempotencyKey(): string {
	return crypto.randomUUID();
}

/** Keys are kept a day: far longer than any retry, short enough to keep the table small. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * Runs `create` once for (actor, key): inside one transaction with the key's row, so a second
 * request with the same key waits for the first and then returns its stored result
 * (`replayed: true`) instead of creating again. The result must be plain JSON and hold no secret.
 */
export async function once<T>(
	db: Database,
	actor: { id: number },
	key: string | undefined,
	action: string,
	create: (trx: Trx) => Promise<T>
): Promise<{ result: T; replayed: boolean }> {
	if (!key) return { result: await inTransaction(db, create), replayed: false };
	return inTransaction(db, async (trx) => {
		const claimed = await trx
			.insertInto('idempotencyKeys')
			.values({ userId: actor.id, key, action, result: JSON.stringify(null) })
			.onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
			.returning('key')
			.executeTakeFirst();
		if (!claimed) {
			const earlier = await trx
				.selectFrom('idempotencyKeys')
				.select(['action', 'result'])
				.where('userId', '=', actor.id)
				.where('key', '=', key)
				.executeTakeFirstOrThrow();
			if (earlier.action !== action) {
				throw new DomainError('conflict', 'This form was already sent for something else. Reload the page and try again.', 'idempotencyKey');
			}
			return { result: earlier.result as T, replayed: true };
		}
		const result = await create(trx);
		await trx
			.updateTable('idempotencyKeys')
			.set({ result: JSON.stringify(result ?? null) })
			.where('userId', '=', actor.id)
			.where('key', '=', key)
			.execute();
		return { result, replayed: false };
	});
}

export async function pruneIdempotencyKeys(db: Database): Promise<void> {
	await db
		.deleteFrom('idempotencyKeys')
		.where('createdAt', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
		.execute();
}
