import { describe, expect, it } from 'vitest';
import { blockFromPlainText, type Block } from '../import/model';
import type { LiveSegment, SegmentsEventData } from '../live/protocol';
import { IDLE_MS, LiveDocument, type LiveWorkspace } from './live-document.svelte';
import { SegmentRow, type RowVersion } from './segment-row.svelte';

// The workspace's side of live events: what a row does with a change someone else made.

const para = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });
const me = { id: 1, name: 'Me' };
const ana = { id: 2, name: 'Ana' };

function setUp() {
	const rows = [1, 2].map(
		(id) =>
			new SegmentRow({
				id,
				position: id,
				source: para(`源${id}`),
				target: para(`Text ${id}.`),
				state: 'mt',
				revisionId: id * 10,
				lastEditor: null,
				differsFromMt: false,
				confirmed: false
			})
	);
	const updates: { id: number; version: RowVersion }[] = [];
	const said: string[] = [];
	const workspace: LiveWorkspace = {
		byId: new Map(rows.map((r) => [r.id, r])),
		rows,
		activeId: 1,
		async update(row, version) {
			updates.push({ id: row.id, version });
			row.adopt(version);
		},
		announce: (text) => said.push(text)
	};
	const live = new LiveDocument({ documentId: 7, me, workspace, leaseSeconds: 30, sendPresence: async () => undefined });
	return { rows, updates, said, live, workspace };
}

const change = (id: number, revisionId: number, text: string, extra: Partial<LiveSegment> = {}): LiveSegment => ({
	id,
	revisionId,
	state: 'edited',
	confirmed: false,
	differsFromMt: true,
	lastEditor: 'Ana',
	content: para(text),
	...extra
});
const event = (segments: LiveSegment[], extra: Partial<SegmentsEventData> = {}) =>
	({ cause: 'save', actor: ana, segments, ...extra }) as unknown as Record<string, unknown>;

describe('a live change to a segment', () => {
	it('shows in a row nobody is editing here', () => {
		const { rows, live } = setUp();
		live.handle('segment', event([change(1, 11, 'Ana’s text.')]));
		expect(rows[0].target).toEqual(para('Ana’s text.'));
		expect(rows[0]).toMatchObject({ revisionId: 11, state: 'edited', lastEditor: 'Ana', changedMeanwhile: null });
	});

	it('leaves an unsaved edit in place and says who changed the segment meanwhile', () => {
		const { rows, live, said } = setUp();
		rows[0].edit(para('My edit.'), true);
		live.handle('segment', event([change(1, 11, 'Ana’s text.')]));
		expect(rows[0].draft).toEqual(para('My edit.'));
		// The edit's base stays the revision it started from: saving it meets the conflict.
		expect(rows[0].base).toBe(10);
		expect(rows[0].revisionId).toBe(11);
		expect(rows[0].changedMeanwhile).toEqual({ by: 'Ana', before: para('Text 1.'), after: para('Ana’s text.') });
		expect(said).toEqual(['Ana changed segment 1 while you were editing it.']);
	});

	it('ignores a replay of a revision the row has moved past, and a change it already shows', () => {
		const { rows, live, updates } = setUp();
		live.handle('segment', event([change(1, 9, 'Older.')]));
		live.handle('segment', event([change(2, 20, 'Text 2.', { state: 'mt', differsFromMt: false, lastEditor: null })]));
		expect(updates).toEqual([]);
		expect(rows[0].target).toEqual(para('Text 1.'));
	});

	it('waits for the row’s own save to answer, then applies what is newer', () => {
		const { rows, live, updates } = setUp();
		rows[0].saving = true;
		live.handle('segment', event([change(1, 12, 'Saved after mine.')]));
		expect(updates).toEqual([]);
		rows[0].saving = false;
		rows[0].adopt({ revisionId: 11, content: para('Mine.'), lastEditor: 'Me', state: 'edited', differsFromMt: true, confirmed: false });
		live.settled(rows[0]);
		expect(rows[0]).toMatchObject({ revisionId: 12, target: para('Saved after mine.') });
	});

	it('applies an approval of the same revision, and keeps a send-back’s reason until the segment moves on', () => {
		const { rows, live } = setUp();
		const note = { segmentId: 2, reason: 'terminology', comment: 'Use the glossary.', reviewer: 'Rui', at: '2026-12-03T08:00:00.000Z' };
		live.handle('review', event([change(2, 20, 'Text 2.', { state: 'changes_requested' })], { cause: 'changes_requested', notes: [note] }));
		expect(rows[1].state).toBe('changes_requested');
		expect(live.notes[2]).toMatchObject({ sentBack: { reason: 'terminology', comment: 'Use the glossary.', reviewer: 'Rui' }, revisionId: 20 });
		live.handle(
			'review',
			event([change(2, 20, 'Text 2.', { state: 'approved' })], { cause: 'approved', documentState: 'approved', actor: { id: 3, name: 'Rui' } })
		);
		expect(rows[1].state).toBe('approved');
		expect(live.notes[2]).toBeNull();
		expect(live.notice).toBe('Rui approved the last segment: the document is approved.');
	});
});

describe('presence', () => {
	it('lists the others, and who holds each segment', () => {
		const { live } = setUp();
		const since = '2026-12-03T08:00:00.000Z';
		live.handle('presence', {
			people: [
				{ userId: 1, name: 'Me', segmentId: 1, since },
				{ userId: 2, name: 'Ana', segmentId: 2, since },
				{ userId: 3, name: 'Rui', segmentId: null, since }
			]
		});
		expect(live.others.map((p) => p.name)).toEqual(['Ana', 'Rui']);
		expect(live.holders(2).map((p) => p.name)).toEqual(['Ana']);
		expect(live.holders(1)).toEqual([]);
		// Rows nobody is in share one list, so they do not redraw when presence changes.
		expect(live.holders(1)).toBe(live.holders(99));
	});

	it('holds the active segment until the member goes idle', () => {
		const { live } = setUp();
		live.touch(1_000);
		expect(live.heldSegment(1_000 + IDLE_MS - 1)).toBe(1);
		expect(live.heldSegment(1_000 + IDLE_MS)).toBeNull();
	});
});
