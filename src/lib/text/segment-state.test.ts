import { describe, expect, it } from 'vitest';
import { isEdited, stateAfterSave } from './segment-state';

describe('stateAfterSave', () => {
	it('is untranslated for blank text', () => {
		expect(stateAfterSave('  ', 'MT text')).toBe('untranslated');
		expect(stateAfterSave('', null)).toBe('untranslated');
	});
	it('is mt when the text is exactly the machine translation', () => {
		expect(stateAfterSave('MT text', 'MT text')).toBe('mt');
	});
	it('is edited otherwise', () => {
		expect(stateAfterSave('Human text', 'MT text')).toBe('edited');
		expect(stateAfterSave('Human text', null)).toBe('edited');
	});
	it('counts only human work as edited', () => {
		expect(isEdited('mt')).toBe(false);
		expect(isEdited('untranslated')).toBe(false);
		expect(isEdited('edited')).toBe(true);
		expect(isEdited('approved')).toBe(true);
	});
});
