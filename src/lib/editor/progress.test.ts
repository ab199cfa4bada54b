import { describe, expect, it } from 'vitest';
import { isDone, nextToConfirm, progressOf, readinessOf, showsConfirmed, type ProgressRow, stepAmong, reviewFiguresOf } from './progress';

const row = (state: ProgressRow['state'], confirmed = false, differsFromMt = false): ProgressRow => ({ state, confirmed, differsFromMt });

describe('progress', () => {
	it('counts confirmed segments, not edited ones: 4 edited of 10, 1 of them confirmed, is 1 of 10', () => {
		const rows = [row('edited', true, true), row('edited', false, true), row('edited', false, true), row('edited', false, true), ...Array(6).fill(row('mt'))];
		expect(progressOf(rows)).toEqual({ total: 10, done: 1, edited: 1, acceptedMt: 0, percent: 10 });
	});

	it('tells edited from accepted-as-MT among those done, and counts submitted and approved as done', () => {
		const rows = [row('mt', true), row('edited', true, true), row('submitted', false, true), row('approved', true), row('untranslated')];
		expect(progressOf(rows)).toEqual({ total: 5, done: 4, edited: 2, acceptedMt: 2, percent: 80 });
	});

	it('reaches 100 % only when every segment is done', () => {
		const rows = [...Array(199).fill(row('mt', true)), row('mt')];
		expect(progressOf(rows).percent).toBe(99);
		expect(progressOf([]).percent).toBe(0);
	});

	it('a confirmation of an untranslated segment (none can exist) or a stale flag on a submitted one changes nothing', () => {
		expect(isDone(row('untranslated', true))).toBe(false);
		expect(showsConfirmed(row('submitted', true))).toBe(false);
		expect(showsConfirmed(row('changes_requested', true))).toBe(true);
	});

	it('says what a submission would send: the confirmed of the translator’s segments, and the rest', () => {
		expect(readinessOf([row('mt', true), row('edited'), row('changes_requested'), row('submitted', true), row('untranslated')])).toEqual({
			confirmed: 1,
			unconfirmed: 2
		});
	});
});

describe('the next segment to confirm', () => {
	const rows = [row('mt', true), row('mt'), row('approved'), row('edited'), row('mt', true)];

	it('is the next one not done after the current, wrapping round', () => {
		expect(nextToConfirm(rows, rows[1])).toBe(rows[3]);
		expect(nextToConfirm(rows, rows[3])).toBe(rows[1]);
		expect(nextToConfirm(rows, null)).toBe(rows[1]);
	});

	it('is never the one just confirmed, and none when every other is done', () => {
		const one = [row('mt', true), row('mt')];
		expect(nextToConfirm(one, one[1])).toBeNull();
		expect(nextToConfirm([], null)).toBeNull();
	});
});

describe('stepping among some rows', () => {
	const rows = [1, 2, 3, 4, 5].map((id) => ({ id }));
	const among = [rows[1], rows[3]];

	it('goes to the next or previous of them from any row, wrapping round', () => {
		expect(stepAmong(rows, among, 1, 1)).toBe(rows[1]);
		expect(stepAmong(rows, among, 2, 1)).toBe(rows[3]);
		expect(stepAmong(rows, among, 4, 1)).toBe(rows[1]);
		expect(stepAmong(rows, among, 4, -1)).toBe(rows[1]);
		expect(stepAmong(rows, among, 2, -1)).toBe(rows[3]);
	});

	it('starts at the first or the last from no row', () => {
		expect(stepAmong(rows, among, null, 1)).toBe(rows[1]);
		expect(stepAmong(rows, among, null, -1)).toBe(rows[3]);
	});
});

describe('the review figures of the rows', () => {
	it('follow the segments’ states', () => {
		expect(reviewFiguresOf([row('mt'), row('edited')])).toEqual({ state: 'in_translation', waiting: 0, changesRequested: 0 });
		expect(reviewFiguresOf([row('submitted'), row('changes_requested'), row('approved')])).toEqual({ state: 'in_review', waiting: 1, changesRequested: 1 });
		expect(reviewFiguresOf([row('approved'), row('approved')])).toEqual({ state: 'approved', waiting: 0, changesRequested: 0 });
	});
});
