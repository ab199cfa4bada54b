import type { SegmentState } from '../text/segment-state';
import type { SegmentRow } from './segment-row.svelte';

// The workspace's filter menu and search box: which rows stay in view.

export type Filter = 'all' | SegmentState | 'unsaved' | 'differs' | 'same-as-mt';

/** `needle` is the search text, trimmed and in lower case. */
export function matches(row: Pick<SegmentRow, 'dirty' | 'differsFromMt' | 'state' | 'searchText'>, filter: Filter, needle: string): boolean {
	const shown =
		filter === 'all' ||
		(filter === 'unsaved' ? row.dirty : filter === 'differs' ? row.differsFromMt : filter === 'same-as-mt' ? row.state === 'mt' : row.state === filter);
	return shown && (!needle || row.searchText.includes(needle));
}
