import { describe, expect, it } from 'vitest';
import type { RevisionJson } from './api';
import { currentFromHistory, formatDuration, formatShare } from './history';

function revision(id: number, origin: RevisionJson['origin'], text: string, author = 'Ann'): RevisionJson {
	return {
		id,
		parentId: id - 1 || null,
		origin,
		author,
		text,
		content: { type: 'paragraph', content: [{ type: 'text', text }] },
		wordsInserted: 0,
		wordsDeleted: 0,
		secondsSpent: 0,
		createdAt: '2026-01-01T00:00:00Z'
	};
}

describe('currentFromHistory', () => {
	it('takes the newest revision as current and compares it with the MT', () => {
		const v = currentFromHistory([revision(3, 'human', 'Edited.', 'Bo'), revision(1, 'mt', 'Raw.')]);
		expect(v).toMatchObject({ revisionId: 3, author: 'Bo', state: 'edited', differsFromMt: true });
	});

	it('a restored MT is MT again, and the machine is nobody', () => {
		expect(currentFromHistory([revision(4, 'restore', 'Raw.'), revision(3, 'human', 'x'), revision(1, 'mt', 'Raw.')])).toMatchObject({
			state: 'mt',
			differsFromMt: false,
			author: 'Ann'
		});
		expect(currentFromHistory([revision(1, 'mt', 'Raw.')]).author).toBeNull();
	});

	it('an empty history is an untranslated segment', () => {
		expect(currentFromHistory([])).toEqual({ revisionId: null, content: null, author: null, state: 'untranslated', differsFromMt: false });
	});
});

describe('formatting', () => {
	it('formats durations and shares', () => {
		expect(formatDuration(0)).toBe('0 s');
		expect(formatDuration(59.6)).toBe('1 min');
		expect(formatDuration(185)).toBe('3 min 5 s');
		expect(formatDuration(3720)).toBe('1 h 2 min');
		expect(formatShare(null)).toBe('—');
		expect(formatShare(0.856)).toBe('86%');
	});
});
