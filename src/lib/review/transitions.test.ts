import { describe, expect, it } from 'vitest';
import { documentState, segmentTransition, type SegmentAction } from './transitions';
import type { SegmentState } from '../server/db/schema.generated';

const STATES: SegmentState[] = ['untranslated', 'mt', 'edited', 'submitted', 'approved', 'changes_requested'];

/** Every (state, action) pair and where it leads; null is refused. */
const TABLE: Record<SegmentAction, Record<SegmentState, SegmentState | null>> = {
	translate: { untranslated: 'edited', mt: 'edited', edited: 'edited', submitted: 'edited', approved: 'edited', changes_requested: 'edited' },
	review_edit: { untranslated: null, mt: null, edited: null, submitted: 'submitted', approved: null, changes_requested: 'submitted' },
	submit: { untranslated: null, mt: 'submitted', edited: 'submitted', submitted: 'submitted', approved: 'approved', changes_requested: 'submitted' },
	approve: { untranslated: null, mt: null, edited: null, submitted: 'approved', approved: null, changes_requested: null },
	reject: { untranslated: null, mt: null, edited: null, submitted: 'changes_requested', approved: null, changes_requested: null }
};

describe('segmentTransition', () => {
	for (const [action, row] of Object.entries(TABLE) as [SegmentAction, Record<SegmentState, SegmentState | null>][]) {
		for (const from of STATES) {
			const to = row[from];
			it(`${action} from ${from} → ${to ?? 'refused'}`, () => {
				const result = segmentTransition(from, action);
				if (to === null) {
					expect(result.ok).toBe(false);
					if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
				} else {
					expect(result).toEqual({ ok: true, to });
				}
			});
		}
	}

	it('lets a translation save land on what its text makes it (MT unchanged stays MT)', () => {
		expect(segmentTransition('approved', 'translate', 'mt')).toEqual({ ok: true, to: 'mt' });
	});
});

describe('documentState', () => {
	it('is approved only when every segment is', () => {
		expect(documentState({ approved: 3 })).toBe('approved');
		expect(documentState({ approved: 2, edited: 1 })).toBe('in_translation');
		expect(documentState({})).toBe('in_translation');
	});
	it('is in review while anything is submitted or sent back', () => {
		expect(documentState({ approved: 2, submitted: 1 })).toBe('in_review');
		expect(documentState({ approved: 2, changes_requested: 1, edited: 4 })).toBe('in_review');
		expect(documentState({ edited: 2, mt: 1 })).toBe('in_translation');
	});
	it('copes with a partial submission: the confirmed part in review, the rest still in translation', () => {
		// 7 confirmed and submitted, 3 unconfirmed left with the translator: in review, and the translator may submit again.
		expect(documentState({ submitted: 7, mt: 2, edited: 1 })).toBe('in_review');
		// The reviewers approved what was sent; the rest is not done, so neither is the document.
		expect(documentState({ approved: 7, mt: 3 })).toBe('in_translation');
	});
});
