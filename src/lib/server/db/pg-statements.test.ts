import { describe, expect, it } from 'vitest';
import { StatementNames } from './pg-statements';

describe('StatementNames', () => {
	it('names a text only once it has run `threshold` times, and always with the same name', () => {
		const names = new StatementNames(3);
		expect(names.nameFor('select 1')).toBeUndefined();
		expect(names.nameFor('select 1')).toBeUndefined();
		const name = names.nameFor('select 1');
		expect(name).toMatch(/^rdn_\d+$/);
		expect(names.nameFor('select 1')).toBe(name);
		expect(names.nameFor('select 2')).toBeUndefined();
	});

	it('gives different texts different names', () => {
		const names = new StatementNames(1);
		expect(names.nameFor('a')).not.toBe(names.nameFor('b'));
		expect(names.size).toBe(2);
	});

	it('stops naming at the cap, and keeps the names it gave', () => {
		const names = new StatementNames(1, 2);
		const a = names.nameFor('a');
		names.nameFor('b');
		expect(names.nameFor('c')).toBeUndefined();
		expect(names.nameFor('a')).toBe(a);
		expect(names.size).toBe(2);
	});

	it('forgets its counts rather than growing when many one-off texts pass by', () => {
		const names = new StatementNames(2, 500, 10);
		names.nameFor('hot');
		for (let i = 0; i < 10; i++) names.nameFor(`one-off ${i}`);
		// The count for 'hot' was dropped with the others, so it starts over.
		expect(names.nameFor('hot')).toBeUndefined();
		expect(names.nameFor('hot')).toMatch(/^rdn_/);
	});
});
