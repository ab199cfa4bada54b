import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDrafts, removeDraft, saveDraft, type Draft } from './drafts';

class MemoryStorage {
	#items = new Map<string, string>();
	get length() {
		return this.#items.size;
	}
	key(i: number) {
		return [...this.#items.keys()][i] ?? null;
	}
	getItem(k: string) {
		return this.#items.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.#items.set(k, String(v));
	}
	removeItem(k: string) {
		this.#items.delete(k);
	}
}

const draft = (segmentId: number, documentId = 7, savedAt = '2026-01-01T10:00:00Z'): Draft => ({
	documentId,
	segmentId,
	baseRevisionId: 40 + segmentId,
	content: { type: 'paragraph', content: [{ type: 'text', text: `Edit ${segmentId}` }] },
	secondsSpent: 12,
	savedAt
});

describe('drafts', () => {
	beforeEach(() => {
		(globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
	});
	afterEach(() => {
		delete (globalThis as { localStorage?: unknown }).localStorage;
	});

	it('keeps one draft per segment and lists a document’s drafts oldest first', () => {
		saveDraft(draft(2, 7, '2026-01-01T10:05:00Z'));
		saveDraft(draft(1, 7, '2026-01-01T10:01:00Z'));
		saveDraft(draft(9, 8));
		saveDraft({ ...draft(2, 7, '2026-01-01T10:06:00Z'), secondsSpent: 30 });
		expect(listDrafts(7).map((d) => [d.segmentId, d.secondsSpent])).toEqual([
			[1, 12],
			[2, 30]
		]);
		removeDraft(1);
		expect(listDrafts(7).map((d) => d.segmentId)).toEqual([2]);
	});

	it('ignores malformed entries and keeps an emptied edit', () => {
		localStorage.setItem('rendition:draft:3', '{not json');
		localStorage.setItem('rendition:draft:4', JSON.stringify({ ...draft(4), content: { type: 'script' } }));
		localStorage.setItem('rendition:draft:5', JSON.stringify(draft(6)));
		saveDraft({ ...draft(10), content: { type: 'paragraph' } });
		expect(listDrafts(7).map((d) => d.segmentId)).toEqual([10]);
	});

	it('works without storage', () => {
		delete (globalThis as { localStorage?: unknown }).localStorage;
		expect(() => saveDraft(draft(1))).not.toThrow();
		expect(listDrafts(7)).toEqual([]);
	});
});
