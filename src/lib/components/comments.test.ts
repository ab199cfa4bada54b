import { describe, expect, it, vi } from 'vitest';
import { CommentsState } from './comments.svelte';
import { Announcer } from './announcer.svelte';

describe('CommentsState', () => {
	it('opens a thread, and gives the focus back to its opener when it closes', () => {
		const state = new CommentsState({ 4: { total: 2, open: 1 } });
		const opener = { focus: vi.fn() };
		state.open(4, opener);
		expect(state.openId).toBe(4);
		state.close();
		expect(state.openId).toBeNull();
		expect(opener.focus).toHaveBeenCalledOnce();
		state.close();
		expect(opener.focus).toHaveBeenCalledOnce();
	});

	it('keeps the counts as the threads report them, without touching what was loaded', () => {
		const loaded = { 4: { total: 2, open: 1 } };
		const state = new CommentsState(loaded);
		state.changed(4, { total: 3, open: 0 });
		state.changed(7, { total: 1, open: 1 });
		expect(state.counts).toEqual({ 4: { total: 3, open: 0 }, 7: { total: 1, open: 1 } });
		expect(loaded).toEqual({ 4: { total: 2, open: 1 } });
	});
});

describe('Announcer', () => {
	it('changes the text even when the same message comes twice, so it is read out again', () => {
		const announcer = new Announcer();
		announcer.say('Saved.');
		const first = announcer.text;
		announcer.say('Saved.');
		expect(announcer.text).not.toBe(first);
		expect(announcer.text.trim()).toBe('Saved.');
	});
});
