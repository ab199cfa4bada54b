import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, nextSort, parseSort, sortDocuments, type SortableDocument } from './sort';

const doc = (id: number, fields: Partial<SortableDocument>): SortableDocument => ({
	id,
	title: `Doc ${id}`,
	status: 'in_translation',
	done: 0,
	segments: 10,
	translator: null,
	reviewer: null,
	dueDate: null,
	createdAt: `2026-12-0${id}T10:00:00.000Z`,
	...fields
});

const ids = (docs: SortableDocument[]) => docs.map((d) => d.id);

describe('the document list’s sort', () => {
	it('is read from the query, and an unknown one is the default', () => {
		expect(parseSort(new URLSearchParams('sort=due&dir=desc'))).toEqual({ key: 'due', dir: 'desc' });
		expect(parseSort(new URLSearchParams('sort=due'))).toEqual({ key: 'due', dir: 'asc' });
		expect(parseSort(new URLSearchParams('sort=due&dir=sideways'))).toEqual({ key: 'due', dir: 'asc' });
		expect(parseSort(new URLSearchParams('sort=drop table'))).toEqual(DEFAULT_SORT);
		expect(parseSort(new URLSearchParams(''))).toEqual({ key: 'imported', dir: 'desc' });
	});

	it('turns round when the sorted column is clicked again, and starts ascending on another', () => {
		expect(nextSort({ key: 'due', dir: 'asc' }, 'due')).toEqual({ key: 'due', dir: 'desc' });
		expect(nextSort({ key: 'due', dir: 'desc' }, 'due')).toEqual({ key: 'due', dir: 'asc' });
		expect(nextSort({ key: 'due', dir: 'desc' }, 'title')).toEqual({ key: 'title', dir: 'asc' });
	});

	it('puts documents without a due date or an assignee last in either direction', () => {
		const docs = [doc(1, {}), doc(2, { dueDate: '2026-12-20' }), doc(3, { dueDate: '2026-12-10' })];
		expect(ids(sortDocuments(docs, { key: 'due', dir: 'asc' }))).toEqual([3, 2, 1]);
		expect(ids(sortDocuments(docs, { key: 'due', dir: 'desc' }))).toEqual([2, 3, 1]);
		const people = [doc(1, { translator: 'Zoë' }), doc(2, {}), doc(3, { translator: 'ana' })];
		expect(ids(sortDocuments(people, { key: 'translator', dir: 'asc' }))).toEqual([3, 1, 2]);
		expect(ids(sortDocuments(people, { key: 'translator', dir: 'desc' }))).toEqual([1, 3, 2]);
	});

	it('orders states the way work moves, progress by share done (a tie by title), and titles as people read them', () => {
		const docs = [doc(1, { status: 'published' }), doc(2, { status: 'in_review' }), doc(3, { status: 'approved' }), doc(4, {})];
		expect(ids(sortDocuments(docs, { key: 'status', dir: 'asc' }))).toEqual([4, 2, 3, 1]);
		const done = [doc(1, { done: 5, segments: 10 }), doc(2, { done: 1, segments: 2 }), doc(3, { done: 9, segments: 10 })];
		expect(ids(sortDocuments(done, { key: 'progress', dir: 'desc' }))).toEqual([3, 1, 2]);
		const titles = [doc(1, { title: 'Part 10' }), doc(2, { title: 'part 9' }), doc(3, { title: 'Apple' })];
		expect(ids(sortDocuments(titles, { key: 'title', dir: 'asc' }))).toEqual([3, 2, 1]);
		expect(ids(sortDocuments(titles, DEFAULT_SORT))).toEqual([3, 2, 1]);
	});
});
