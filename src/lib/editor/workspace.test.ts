import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Block } from '../import/model';
import type { SegmentNowJson } from './api';
import { Workspace, type WorkspaceView } from './workspace.svelte';
import type { WorkspaceRowData } from './segment-row.svelte';

// The workspace controller with a fake fetch and a fake localStorage: no server, no database.

const block = (text: string): Block => ({ type: 'paragraph', content: [{ type: 'text', text }] });

function segment(id: number, position: number, mt: string, state: WorkspaceRowData['state'] = 'mt'): WorkspaceRowData {
	return {
		id,
		position,
		source: block(`源${position}`),
		target: block(mt),
		state,
		revisionId: id * 10,
		lastEditor: null,
		differsFromMt: false,
		confirmed: false
	};
}

function now(id: number, revisionId: number, text: string, rest: Partial<SegmentNowJson> = {}): SegmentNowJson {
	return {
		id,
		revisionId,
		state: 'edited',
		text,
		content: block(text),
		lastEditor: 'Ann',
		differsFromMt: true,
		confirmed: false,
		updatedAt: '2026-12-01T10:00:00.000Z',
		...rest
	};
}

const theirs = (revisionId: number, text: string) => ({ revisionId, text, content: block(text), author: 'Bo', createdAt: '2026-12-01T10:00:00.000Z' });

type Answer = { status: number; body: unknown } | 'offline';
let answers: Answer[];
let requests: { method: string; url: string; body: unknown }[];

beforeEach(() => {
	answers = [];
	requests = [];
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		requests.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
		const answer = answers.shift();
		if (!answer || answer === 'offline') throw new TypeError('fetch failed');
		return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
	});
	const store = new Map<string, string>();
	vi.stubGlobal('localStorage', {
		get length() {
			return store.size;
		},
		key: (i: number) => [...store.keys()][i] ?? null,
		getItem: (k: string) => store.get(k) ?? null,
		setItem: (k: string, v: string) => void store.set(k, v),
		removeItem: (k: string) => void store.delete(k)
	});
});

afterEach(() => {
	vi.unstubAllGlobals();
});

function workspace(segments = [segment(1, 1, 'One.'), segment(2, 2, 'Two.'), segment(3, 3, 'Three.')]) {
	const w = new Workspace({ documentId: 7, segments, canEdit: true, me: 'Ann' });
	const view = { replaceText: vi.fn(), focusEditor: vi.fn(), focusView: vi.fn(), scrollTo: vi.fn() } satisfies WorkspaceView;
	w.view = view;
	return { w, view, row: (id: number) => w.byId.get(id)! };
}

describe('saving', () => {
	it('sends the edit on its base and shows the segment as the server answers it', async () => {
		const { w, row } = workspace();
		row(1).edit(block('One!'), true);
		// Back to the MT's text on the server's side: the row shows state and badge from the answer.
		answers.push({ status: 200, body: { revisionId: 11, state: 'mt', unchanged: false, segment: now(1, 11, 'One!', { state: 'mt', differsFromMt: false }) } });
		await w.save(row(1), false);
		expect(requests).toEqual([{ method: 'PUT', url: '/api/v1/segments/1', body: { baseRevisionId: 10, content: block('One!'), secondsSpent: 0 } }]);
		expect(row(1)).toMatchObject({ dirty: false, revisionId: 11, state: 'mt', differsFromMt: false, lastEditor: 'Ann', target: block('One!') });
		expect(w.announcer.text).toBe('Segment 1 saved.');
	});

	it('refuses an empty edit without asking the server, and keeps it', async () => {
		const { w, row } = workspace();
		row(2).edit({ type: 'paragraph' }, true);
		await w.save(row(2), true);
		expect(requests).toEqual([]);
		expect(row(2).error).toMatch(/cannot be saved empty/);
		expect(row(2).dirty).toBe(true);
	});

	it('refuses an edit past a limit of the model without asking the server, naming the limit', async () => {
		const { w, row } = workspace();
		const titled: Block = {
			type: 'paragraph',
			content: [{ type: 'text', text: 'One', marks: [{ type: 'link', attrs: { href: 'https://example.org/', title: 't'.repeat(100_000) } }] }]
		};
		row(1).edit(titled, true);
		await w.save(row(1), false);
		expect(requests).toEqual([]);
		expect(row(1)).toMatchObject({ dirty: true, error: 'Not saved: A link title can be at most 1,000 characters; this one has 100,000.' });
	});

	it('keeps the edit and says why when the server cannot be reached', async () => {
		const { w, row } = workspace();
		w.change(row(1), block('One, offline.'), true);
		answers.push('offline');
		await w.save(row(1), false);
		w.flushDrafts();
		expect(row(1)).toMatchObject({ dirty: true, revisionId: 10, error: expect.stringMatching(/could not be reached/) });
		expect(JSON.parse(localStorage.getItem('rendition:draft:1')!)).toMatchObject({ documentId: 7, baseRevisionId: 10, content: block('One, offline.') });
	});

	it('sends a save the server could not take for now again by itself, later each time, until it lands', async () => {
		vi.useFakeTimers();
		try {
			const { w, row } = workspace();
			row(1).edit(block('One, during a restart.'), true);
			const unavailable = {
				status: 503,
				body: { error: { code: 'unavailable', message: 'The database is not reachable right now; try again in a few seconds.' } }
			};
			answers.push(unavailable, 'offline');
			await w.save(row(1), true);
			expect(row(1)).toMatchObject({ dirty: true, error: 'The database is not reachable right now; try again in a few seconds. Sending it again in 5 s.' });
			expect(w.activeId).toBe(2);
			await vi.advanceTimersByTimeAsync(5_000);
			expect(requests).toHaveLength(2);
			expect(row(1).error).toMatch(/could not be reached.*Sending it again in 10 s\.$/);
			answers.push({ status: 200, body: { revisionId: 11, state: 'edited', unchanged: false, segment: now(1, 11, 'One, during a restart.') } });
			await vi.advanceTimersByTimeAsync(10_000);
			expect(requests.map((r) => r.body)).toEqual(Array(3).fill(expect.objectContaining({ baseRevisionId: 10, content: block('One, during a restart.') })));
			expect(row(1)).toMatchObject({ dirty: false, revisionId: 11, error: null });
			await vi.advanceTimersByTimeAsync(60_000);
			expect(requests).toHaveLength(3);
		} finally {
			vi.useRealTimers();
		}
	});

	it('does not send again what the server refused', async () => {
		vi.useFakeTimers();
		try {
			const { w, row } = workspace();
			row(1).edit(block('One?'), true);
			answers.push({ status: 403, body: { error: { code: 'forbidden', message: 'Reviewers cannot edit here.' } } });
			await w.save(row(1), false);
			await vi.advanceTimersByTimeAsync(60_000);
			expect(requests).toHaveLength(1);
			expect(row(1)).toMatchObject({ dirty: true, error: 'Reviewers cannot edit here.' });
		} finally {
			vi.useRealTimers();
		}
	});

	it('saves again on top of its own save what was typed while it was in flight', async () => {
		const { w, row } = workspace();
		row(1).edit(block('First'), true);
		answers.push({ status: 200, body: { revisionId: 11, state: 'edited', unchanged: false, segment: now(1, 11, 'First') } });
		answers.push({ status: 200, body: { revisionId: 12, state: 'edited', unchanged: false, segment: now(1, 12, 'First and more') } });
		const first = w.save(row(1), false);
		row(1).edit(block('First and more'), true);
		await w.save(row(1), false);
		await first;
		expect(requests.map((r) => r.body)).toEqual([
			{ baseRevisionId: 10, content: block('First'), secondsSpent: 0 },
			{ baseRevisionId: 11, content: block('First and more'), secondsSpent: 0 }
		]);
		expect(row(1)).toMatchObject({ dirty: false, revisionId: 12 });
	});
});

describe('a conflict', () => {
	// Bo edited segment 2 in review meanwhile: it is still submitted, which no guess from the text would say.
	const conflictAnswer = () => ({
		status: 409,
		body: {
			error: { code: 'conflict', message: 'Someone saved this segment after the revision you edited.' },
			current: theirs(21, 'Two, by Bo.'),
			segment: now(2, 21, 'Two, by Bo.', { state: 'submitted', lastEditor: 'Bo' })
		}
	});

	async function conflicted() {
		const setup = workspace();
		setup.row(2).edit(block('Two, mine.'), true);
		answers.push(conflictAnswer());
		await setup.w.save(setup.row(2), false);
		return setup;
	}

	it('keeps both versions and the state the server reported, and changes nothing yet', async () => {
		const { w, row } = await conflicted();
		expect(row(2).conflict).toMatchObject({ theirs: { revisionId: 21, author: 'Bo' }, mine: block('Two, mine.'), now: { state: 'submitted' } });
		expect(row(2)).toMatchObject({ dirty: true, revisionId: 20, state: 'mt' });
		expect(w.announcer.text).toMatch(/Bo saved it while you were editing/);
	});

	it('"Keep theirs" shows the row as the server holds it', async () => {
		const { w, row, view } = await conflicted();
		await w.keepTheirs(row(2));
		expect(row(2)).toMatchObject({
			dirty: false,
			conflict: null,
			revisionId: 21,
			state: 'submitted',
			lastEditor: 'Bo',
			differsFromMt: true,
			target: block('Two, by Bo.')
		});
		expect(view.replaceText).toHaveBeenCalledWith(2, block('Two, by Bo.'));
		expect(localStorage.getItem('rendition:draft:2')).toBeNull();
		expect(requests).toHaveLength(1);
	});

	it('"Keep mine" saves mine on top of theirs and shows what that save made', async () => {
		const { w, row } = await conflicted();
		answers.push({ status: 200, body: { revisionId: 22, state: 'edited', unchanged: false, segment: now(2, 22, 'Two, mine.') } });
		await w.keepMine(row(2));
		expect(requests[1]).toMatchObject({ method: 'PUT', body: { baseRevisionId: 21, content: block('Two, mine.') } });
		expect(row(2)).toMatchObject({ dirty: false, conflict: null, revisionId: 22, state: 'edited', lastEditor: 'Ann' });
	});

	it('"Edit a merge" makes theirs the saved version under my edit', async () => {
		const { w, row } = await conflicted();
		await w.mergeEdit(row(2));
		expect(row(2)).toMatchObject({ dirty: true, base: 21, conflict: null, merging: { revisionId: 21 }, state: 'submitted', lastEditor: 'Bo' });
		expect(w.activeId).toBe(2);
	});
});

describe('moving, filtering and refreshing', () => {
	it('steps through the rows shown and says when there is no further one', async () => {
		const { w, row, view } = workspace();
		await w.move(row(1), 1);
		expect(w.activeId).toBe(2);
		expect(view.scrollTo).toHaveBeenCalledWith(2, 'nearest');
		w.query = 'three';
		await w.move(row(3), 1);
		expect(w.announcer.text).toBe('This is the last segment.');
		expect(w.visible.map((r) => r.id)).toEqual([3]);
	});

	it('counts and filters by state, by difference from the MT and by unsaved edits', () => {
		const { w, row } = workspace([segment(1, 1, 'One.'), segment(2, 2, 'Two.', 'changes_requested')]);
		expect(w.sentBackCount).toBe(1);
		expect(w.progress).toMatchObject({ total: 2, done: 0 });
		row(1).edit(block('One?'), true);
		w.filter = 'unsaved';
		expect(w.visible.map((r) => r.id)).toEqual([1]);
		expect(w.filterOptions.find((o) => o.value === 'unsaved')?.label).toBe('Unsaved edits (1)');
	});

	it('takes the server’s state when the history shows a newer revision', async () => {
		const { w, row, view } = workspace();
		answers.push({ status: 200, body: { segment: now(3, 31, 'Three, restored.', { state: 'approved', lastEditor: 'Cy' }) } });
		await w.update(row(3), null);
		expect(requests).toEqual([{ method: 'GET', url: '/api/v1/segments/3', body: undefined }]);
		expect(row(3)).toMatchObject({ revisionId: 31, state: 'approved', lastEditor: 'Cy' });
		expect(view.replaceText).toHaveBeenCalledWith(3, block('Three, restored.'));
	});
});

describe('confirming', () => {
	it('confirms an unchanged MT segment as it stands and opens the next unconfirmed one', async () => {
		const { w, row } = workspace([segment(1, 1, 'One.'), { ...segment(2, 2, 'Two.'), confirmed: true }, segment(3, 3, 'Three.')]);
		await w.activate(row(1));
		answers.push({ status: 200, body: { alreadyConfirmed: false, segment: now(1, 10, 'One.', { state: 'mt', differsFromMt: false, confirmed: true }) } });
		await w.confirm(row(1));
		expect(requests).toEqual([{ method: 'POST', url: '/api/v1/segments/1/confirm', body: { revisionId: 10 } }]);
		expect(row(1)).toMatchObject({ confirmed: true, revisionId: 10, state: 'mt' });
		expect(w.activeId).toBe(3);
		expect(w.progress).toMatchObject({ done: 2, acceptedMt: 2 });
		expect(w.announcer.text).toBe('Segment 1 confirmed.');
	});

	it('saves and confirms an edit in one request', async () => {
		const { w, row } = workspace();
		row(2).edit(block('Two!'), true);
		answers.push({ status: 200, body: { revisionId: 21, state: 'edited', unchanged: false, segment: now(2, 21, 'Two!', { confirmed: true }) } });
		await w.confirm(row(2));
		expect(requests).toEqual([
			{ method: 'PUT', url: '/api/v1/segments/2', body: { baseRevisionId: 20, content: block('Two!'), secondsSpent: 0, confirm: true } }
		]);
		expect(row(2)).toMatchObject({ dirty: false, confirmed: true, revisionId: 21 });
		expect(w.activeId).toBe(3);
		expect(w.announcer.text).toBe('Segment 2 saved and confirmed.');
	});

	it('shows their version when the segment moved on, and asks for a translation first on an empty one', async () => {
		const { w, row, view } = workspace([segment(1, 1, 'One.'), { ...segment(2, 2, ''), target: null, state: 'untranslated', revisionId: null }]);
		answers.push({
			status: 409,
			body: { error: { code: 'conflict', message: 'Someone saved this segment.' }, current: theirs(11, 'One, by Bo.'), segment: now(1, 11, 'One, by Bo.') }
		});
		await w.confirm(row(1));
		expect(row(1)).toMatchObject({ confirmed: false, revisionId: 11, target: block('One, by Bo.') });
		expect(view.replaceText).toHaveBeenCalledWith(1, block('One, by Bo.'));
		expect(w.announcer.text).toMatch(/not confirmed: Bo saved it meanwhile/);
		await w.confirm(row(2));
		expect(row(2).error).toBe('Type a translation before confirming segment 2.');
		expect(requests).toHaveLength(1);
	});

	it('goes to the next unconfirmed segment, wrapping round, and says when none is left', async () => {
		const { w, row } = workspace([segment(1, 1, 'One.'), { ...segment(2, 2, 'Two.'), state: 'approved' }, segment(3, 3, 'Three.')]);
		await w.activate(row(3));
		await w.nextUnconfirmed();
		expect(w.activeId).toBe(1);
		w.filter = 'unconfirmed';
		expect(w.visible.map((r) => r.id)).toEqual([1, 3]);
		row(3).confirmed = true;
		await w.nextUnconfirmed(row(1));
		expect(w.announcer.text).toBe('Every segment shown is confirmed.');
	});
});

describe('drafts', () => {
	it('offers back an earlier visit’s edits and restores them on their base', async () => {
		const first = workspace();
		first.w.change(first.row(3), block('Three, unsaved.'), true);
		// The tab is hidden or left before the draft's timer ran.
		first.w.flushDrafts();

		const { w, row } = workspace();
		const stop = w.start();
		expect(w.offered.map((d) => d.segmentId)).toEqual([3]);
		await w.restoreDrafts();
		expect(row(3)).toMatchObject({ dirty: true, base: 30, draft: block('Three, unsaved.') });
		expect(w.activeId).toBe(3);
		stop();
	});

	it('forgets a draft whose text the segment already has', () => {
		localStorage.setItem(
			'rendition:draft:1',
			JSON.stringify({ documentId: 7, segmentId: 1, baseRevisionId: 10, content: block('One.'), secondsSpent: 0, savedAt: '2026-12-01T10:00:00Z' })
		);
		const { w } = workspace();
		const stop = w.start();
		expect(w.offered).toEqual([]);
		expect(localStorage.getItem('rendition:draft:1')).toBeNull();
		stop();
	});
});
