import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { createUser } from '../testing/factories';
import { getDb } from './db';
import { once } from './idempotency';
import { DomainError } from '../errors';

useTestDatabase();

describe('once', () => {
	it('runs a creation once per key, and a repeat gets the first result', async () => {
		const user = await createUser();
		let runs = 0;
		const create = async () => ({ id: ++runs });
		const first = await once(getDb(), user, 'key-aaaaaaaa', 'thing.create', create);
		const second = await once(getDb(), user, 'key-aaaaaaaa', 'thing.create', create);
		expect(first).toEqual({ result: { id: 1 }, replayed: false });
		expect(second).toEqual({ result: { id: 1 }, replayed: true });
		expect(runs).toBe(1);
	});

	it('runs two sent at the same moment once', async () => {
		const user = await createUser();
		let runs = 0;
		const create = async () => ({ id: ++runs });
		const results = await Promise.all([1, 2, 3].map(() => once(getDb(), user, 'key-concurrent', 'thing.create', create)));
		expect(runs).toBe(1);
		expect(results.map((r) => r.result)).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }]);
	});

	it('keeps keys per user, runs without a key every time, and forgets a key whose creation failed', async () => {
		const [a, b] = [await createUser(), await createUser()];
		let runs = 0;
		const create = async () => ({ id: ++runs });
		await once(getDb(), a, 'key-shared00', 'thing.create', create);
		await once(getDb(), b, 'key-shared00', 'thing.create', create);
		await once(getDb(), a, undefined, 'thing.create', create);
		await once(getDb(), a, undefined, 'thing.create', create);
		expect(runs).toBe(4);
		await expect(once(getDb(), a, 'key-failing0', 'thing.create', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect((await once(getDb(), a, 'key-failing0', 'thing.create', create)).replayed).toBe(false);
	});

	it('refuses a key reused for another action', async () => {
		const user = await createUser();
		await once(getDb(), user, 'key-reused00', 'thing.create', async () => 1);
		await expect(once(getDb(), user, 'key-reused00', 'other.create', async () => 2)).rejects.toBeInstanceOf(DomainError);
	});
});
