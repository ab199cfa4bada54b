import { STATE_LABELS, type SegmentState } from '../text/segment-state';
import { isDone } from './progress';
import type { SegmentRow } from './segment-row.svelte';

// The workspace's filter menu and search box: which rows stay in view.

export type Filter = 'all' | SegmentState | 'unsaved' | 'differs' | 'same-as-mt' | 'unconfirmed';

type FilteredRow = Pick<SegmentRow, 'dirty' | 'differsFromMt' | 'state' | 'searchText' | 'confirmed'>;

/** `needle` is the search text, trimmed and in lower case. */
export function matches(row: FilteredRow, filter: Filter, needle: string): boolean {
	const shown =
		filter === 'all' ||
		(filter === 'unsaved'
			? row.dirty
			: filter === 'differs'
				? row.differsFromMt
				: filter === 'same-as-mt'
					? row.state === 'mt'
					: filter === 'unconfirmed'
						? !isDone(row)
						: row.state === filter);
	return shown && (!needle || row.searchText.includes(needle));
}

/** The filter menu, each option with its count. */
export function filterOptions(rows: readonly FilteredRow[], canEdit: boolean): { value: Filter; label: string }[] {
	const byState = new Map<SegmentState, number>();
	for (const row of rows) byState.set(row.state, (byState.get(row.state) ?? 0) + 1);
	return [
		{ value: 'all', label: `All segments (${rows.length})` },
		{ value: 'unconfirmed', label: `Unconfirmed (${rows.filter((r) => !isDone(r)).length})` },
		...(Object.keys(STATE_LABELS) as SegmentState[])
			.filter((state) => byState.get(state) || state === 'untranslated' || state === 'mt' || state === 'edited')
			.map((state) => ({ value: state, label: `${STATE_LABELS[state]} (${byState.get(state) ?? 0})` })),
		{ value: 'differs', label: `Differs from MT (${rows.filter((r) => r.differsFromMt).length})` },
		...(canEdit ? [{ value: 'unsaved' as const, label: `Unsaved edits (${rows.filter((r) => r.dirty).length})` }] : [])
	];
}
