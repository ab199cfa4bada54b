import { describe, expect, it } from 'vitest';
import { pretranslationOutcome } from './pretranslation';

describe('pretranslationOutcome', () => {
	it('says where the translations came from and how many failed', () => {
		expect(pretranslationOutcome({ state: 'done', result: { tm: 0, mt: 3, failed: 0, skipped: 0 }, errorCount: 0 }, 'DeepL')).toBe(
			'Pre-translation finished: filled 3 segments by DeepL.'
		);
		expect(pretranslationOutcome({ state: 'done', result: { tm: 2, mt: 1 }, errorCount: 1 }, 'DeepL')).toBe(
			'Pre-translation finished: filled 2 segments from the translation memory and 1 by DeepL; 1 segment could not be filled.'
		);
		expect(pretranslationOutcome({ state: 'done', result: { tm: 1, mt: 0 }, errorCount: 0 }, null)).toBe(
			'Pre-translation finished: filled 1 segment from the translation memory.'
		);
		expect(pretranslationOutcome({ state: 'done', result: { tm: 0, mt: 0 }, errorCount: 2 }, 'Libre')).toBe(
			'Pre-translation finished: no segment filled; 2 segments could not be filled.'
		);
	});

	it('says what stays when the job did not finish', () => {
		expect(pretranslationOutcome({ state: 'failed', result: undefined, errorCount: 0 }, 'Libre')).toBe('Pre-translation stopped; what it had filled stays.');
		expect(pretranslationOutcome({ state: 'cancelled', result: undefined, errorCount: 0 }, 'Libre')).toBe(
			'Pre-translation cancelled; what it had filled stays.'
		);
	});
});
