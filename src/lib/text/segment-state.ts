import type { SegmentState } from '../server/db/schema.generated';

export type { SegmentState };

export const STATE_LABELS: Record<SegmentState, string> = {
	untranslated: 'Untranslated',
	mt: 'MT',
	edited: 'Edited',
	submitted: 'Submitted',
	approved: 'Approved',
	changes_requested: 'Changes requested'
};

/** The state a save leaves behind: empty text is untranslated, MT's text unchanged is MT. */
export function stateAfterSave(text: string, mtText: string | null): SegmentState {
	if (text.trim() === '') return 'untranslated';
	if (mtText !== null && text === mtText) return 'mt';
	return 'edited';
}

/** Whether the current text is no longer the machine's: any text differs when there was no MT. */
export function differsFromMt(text: string, mtText: string | null): boolean {
	return mtText === null ? text !== '' : text !== mtText;
}

/** States that count as work done for the progress bar. */
export function isEdited(state: SegmentState): boolean {
	return state !== 'untranslated' && state !== 'mt';
}
