import { CONFIRMABLE, documentState, type DocumentState } from '../review/transitions';
import type { SegmentState } from '../text/segment-state';

// What the workspace's progress bar counts: segments done, which is confirmed by the translator
// (edited, or the MT accepted as it is) or already with the reviewers (submitted, approved).
// Editing alone is not done: "Edited 10 of 10" after editing 4 counted the MT as edits.

export interface ProgressRow {
	state: SegmentState;
	confirmed: boolean;
	differsFromMt: boolean;
}

export interface Progress {
	total: number;
	done: number;
	/** Of those done, how many differ from the MT … */
	edited: number;
	/** … and how many are the MT accepted unchanged. */
	acceptedMt: number;
	/** Rounded down: 100 only when every segment is done. */
	percent: number;
}

/** Of the segments a submission would send, how many are confirmed and how many not yet. */
export interface Readiness {
	confirmed: number;
	unconfirmed: number;
}

const withReviewers = (state: SegmentState) => state === 'submitted' || state === 'approved';

/** Confirmed by the translator, or with the reviewers already. */
export const isDone = (row: ProgressRow): boolean => withReviewers(row.state) || (row.confirmed && CONFIRMABLE.includes(row.state));

/** Shows the confirmed mark: done by the translator's confirmation and not yet submitted. */
export const showsConfirmed = (row: ProgressRow): boolean => row.confirmed && CONFIRMABLE.includes(row.state);

export function progressOf(rows: readonly ProgressRow[]): Progress {
	let done = 0;
	let edited = 0;
	for (const row of rows) {
		if (!isDone(row)) continue;
		done++;
		if (row.differsFromMt) edited++;
	}
	const percent = rows.length ? Math.floor((done / rows.length) * 100) : 0;
	return { total: rows.length, done, edited, acceptedMt: done - edited, percent };
}

export function readinessOf(rows: readonly ProgressRow[]): Readiness {
	const ready = rows.filter((r) => CONFIRMABLE.includes(r.state));
	const confirmed = ready.filter((r) => r.confirmed).length;
	return { confirmed, unconfirmed: ready.length - confirmed };
}

/**
 * The next segment still to confirm after `from` among those shown, wrapping round to the top;
 * `from` itself never (it is the one just confirmed). Null when none is left.
 */
export function nextToConfirm<T extends ProgressRow>(shown: readonly T[], from: T | null | undefined): T | null {
	const start = from ? shown.indexOf(from) : -1;
	for (let i = 1; i <= shown.length; i++) {
		const row = shown[(start + i + shown.length) % shown.length];
		if (row !== from && !isDone(row)) return row;
	}
	return null;
}

/**
 * The row of `among` (a subset of `rows`, in their order) after or before the row `fromId` in
 * `rows`, wrapping round; from no row, the first or the last. `among` must not be empty.
 */
export function stepAmong<T extends { id: number }>(rows: readonly T[], among: readonly T[], fromId: number | null, direction: -1 | 1): T {
	const from = rows.findIndex((r) => r.id === fromId);
	return direction > 0
		? (among.find((r) => rows.indexOf(r) > from) ?? among[0])
		: (among.findLast((r) => rows.indexOf(r) < (from < 0 ? rows.length : from)) ?? among[among.length - 1]);
}

/**
 * The header's review figures as the rows stand now (they change live): the document's state,
 * segments waiting for a reviewer and sent back. The round number is the page's as loaded.
 */
export function reviewFiguresOf(rows: readonly { state: SegmentState }[]): { state: DocumentState; waiting: number; changesRequested: number } {
	const counts: Partial<Record<SegmentState, number>> = {};
	for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
	return { state: documentState(counts), waiting: counts.submitted ?? 0, changesRequested: counts.changes_requested ?? 0 };
}
