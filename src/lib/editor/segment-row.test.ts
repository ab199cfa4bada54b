import { describe, expect, it } from 'vitest';
import type { Block } from '../import/model';
import { SegmentRow } from './segment-row.svelte';

const block = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** A saved version as the server reports it. */
const version = (revisionId: number, text: string) => ({
	revisionId,
	content: block(text),
	state: 'edited' as const,
	lastEditor: 'Ann',
	differsFromMt: true,
	confirmed: false
});

function row() {
	return new SegmentRow({
		id: 5,
		position: 2,
		source: block('源文'),
		target: block('MT text'),
		state: 'mt',
		revisionId: 10,
		lastEditor: null,
		differsFromMt: false,
		confirmed: false
	});
}

describe('SegmentRow', () => {
	it('an edit remembers the revision it started from until saved', () => {
		const r = row();
		r.edit(block('Mine'), true, 1_000);
		r.revisionId = 11; // someone else's save arrives in the row
		r.edit(block('Mine!'), true, 2_000);
		expect(r.base).toBe(10);
		expect(r.dirty).toBe(true);
		r.saved(block('Mine!'), version(12, 'Mine!'));
		expect(r).toMatchObject({ dirty: false, base: null, revisionId: 12, state: 'edited', lastEditor: 'Ann', differsFromMt: true });
	});

	it('keeps what was typed while a save was in flight, on top of the new revision', () => {
		const r = row();
		r.edit(block('First'), true);
		r.edit(block('First and more'), true);
		r.saved(block('First'), version(12, 'First'));
		expect(r.dirty).toBe(true);
		expect(r.base).toBe(12);
		expect(r.target).toEqual(block('First'));
	});

	it('counts editing time between keystrokes, not idle pauses or time in other rows', () => {
		const r = row();
		r.startClock(1_000);
		r.edit(block('a'), true, 5_000); // 4 s reading, then typing
		r.edit(block('ab'), true, 7_000);
		r.edit(block('abc'), true, 67_000); // a minute away: not counted
		r.pauseClock(68_000);
		r.edit(block('abcd'), true, 200_000); // back after editing elsewhere
		expect(r.secondsSpent).toBe(7);
	});

	it('an edit back to the saved text is no edit', () => {
		const r = row();
		r.edit(block('x'), true);
		r.edit(block('MT text'), false);
		expect(r).toMatchObject({ dirty: false, base: null, secondsSpent: 0 });
	});

	it('searches source, saved and unsaved text', () => {
		const r = row();
		expect(r.searchText).toContain('源文');
		r.edit(block('Brand NEW'), true);
		expect(r.searchText).toContain('brand new');
	});
});
