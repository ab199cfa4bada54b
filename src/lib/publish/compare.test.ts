import { describe, expect, it } from 'vitest';
import { compareVersions, type VersionSegment } from './compare';

const seg = (segmentId: number, text: string): VersionSegment => ({ segmentId, target: { type: 'paragraph', content: text ? [{ type: 'text', text }] : [] } });

describe('compareVersions', () => {
	it('lists only the segments whose text differs, with a word diff', () => {
		const changes = compareVersions(
			[seg(1, 'Harbin held a festival.'), seg(2, 'Same text.')],
			[seg(1, 'Harbin held a culture festival.'), seg(2, 'Same text.')]
		);
		expect(changes).toHaveLength(1);
		expect(changes[0]).toMatchObject({ segmentId: 1, position: 1, before: 'Harbin held a festival.', after: 'Harbin held a culture festival.' });
		expect(changes[0].diff?.parts.filter((p) => p.op === 'insert').map((p) => p.text.trim())).toEqual(['culture']);
	});

	it('is empty when the versions read the same', () => {
		expect(compareVersions([seg(1, 'A.'), seg(2, 'B.')], [seg(1, 'A.'), seg(2, 'B.')])).toEqual([]);
	});

	it('names segments added or removed between the versions, in document order', () => {
		const changes = compareVersions([seg(1, 'A.'), seg(2, 'Gone.')], [seg(1, 'A.'), seg(3, 'New.')]);
		expect(changes.map((c) => [c.segmentId, c.position, c.before, c.after])).toEqual([
			[2, 2, 'Gone.', ''],
			[3, 2, '', 'New.']
		]);
	});

	it('lists segments without a diff once the budget is spent', () => {
		const changes = compareVersions([seg(1, 'a'), seg(2, 'b')], [seg(1, 'x'), seg(2, 'y')], { budgetMs: -1 });
		expect(changes.map((c) => c.diff)).toEqual([null, null]);
	});
});
