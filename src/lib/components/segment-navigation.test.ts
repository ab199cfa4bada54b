import { describe, expect, it } from 'vitest';
import { step } from './segment-navigation';

describe('step', () => {
	const shown = ['a', 'b', 'c'];

	it('moves to the neighbour in either direction', () => {
		expect(step(shown, 'b', 1)).toEqual({ ok: true, next: 'c' });
		expect(step(shown, 'b', -1)).toEqual({ ok: true, next: 'a' });
	});

	it('says so at either end instead of wrapping round', () => {
		expect(step(shown, 'c', 1)).toEqual({ ok: false, message: 'This is the last segment.' });
		expect(step(shown, 'a', -1)).toEqual({ ok: false, message: 'This is the first segment.' });
	});

	it('starts at the first from nothing, or from a segment the filter hides', () => {
		expect(step(shown, null, 1)).toEqual({ ok: true, next: 'a' });
		expect(step(shown, 'hidden', -1)).toEqual({ ok: true, next: 'a' });
		expect(step([], null, 1)).toMatchObject({ ok: false });
	});
});
