import { WORKFLOW_ORDER, type WorkflowState } from './status';

// The project's document list, sorted by a column the reader picks. The choice lives in the URL
// (`?sort=due&dir=asc`) so that it survives a reload, can be shared, and works without script.

export const SORT_KEYS = ['title', 'status', 'progress', 'translator', 'reviewer', 'due', 'imported'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface Sort {
	key: SortKey;
	dir: SortDir;
}

/** Newest import first, as the list always was. */
export const DEFAULT_SORT: Sort = { key: 'imported', dir: 'desc' };

export interface SortableDocument {
	id: number;
	title: string;
	status: WorkflowState;
	done: number;
	segments: number;
	translator: string | null;
	reviewer: string | null;
	dueDate: string | null;
	createdAt: string;
}

const isKey = (v: string | null): v is SortKey => (SORT_KEYS as readonly string[]).includes(v ?? '');

/** The sort a query asks for; anything unknown is the default (a stale bookmark still opens the list). */
export function parseSort(query: URLSearchParams): Sort {
	const key = query.get('sort');
	if (!isKey(key)) return DEFAULT_SORT;
	const dir = query.get('dir');
	return { key, dir: dir === 'asc' || dir === 'desc' ? dir : key === 'imported' ? 'desc' : 'asc' };
}

/** What a column's header does when clicked: the other direction when it is the column sorted by, else ascending. */
export function nextSort(current: Sort, key: SortKey): Sort {
	if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
	return { key, dir: 'asc' };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const progress = (d: SortableDocument) => (d.segments ? d.done / d.segments : 0);

/** Compares by the key; null (nobody assigned, no due date) is not a value, so it comes last either way. */
function compareBy(key: SortKey, a: SortableDocument, b: SortableDocument, dir: number): number {
	const nullable = (x: string | null, y: string | null) => {
		if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
		return dir * collator.compare(x, y);
	};
	switch (key) {
		case 'title':
			return dir * collator.compare(a.title, b.title);
		case 'status':
			return dir * (WORKFLOW_ORDER.indexOf(a.status) - WORKFLOW_ORDER.indexOf(b.status));
		case 'progress':
			return dir * (progress(a) - progress(b));
		case 'translator':
			return nullable(a.translator, b.translator);
		case 'reviewer':
			return nullable(a.reviewer, b.reviewer);
		case 'due':
			return nullable(a.dueDate, b.dueDate);
		case 'imported':
			return dir * (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
	}
}

/** A sorted copy; ties fall back to the title, then the newer document, so the order is stable across reloads. */
export function sortDocuments<T extends SortableDocument>(docs: readonly T[], sort: Sort): T[] {
	const dir = sort.dir === 'asc' ? 1 : -1;
	return [...docs].sort((a, b) => compareBy(sort.key, a, b, dir) || collator.compare(a.title, b.title) || b.id - a.id);
}
