import type { QaCheck, Span } from '../types';
// A URL or a bare number needs no translation, so a target that repeats it is no warning; what
// an address is, the urls-emails check says.
import { ADDRESS } from './urls';

function trimmedSpan(text: string): Span | undefined {
	const start = text.length - text.trimStart().length;
	const end = text.trimEnd().length;
	return start < end ? { start, end } : undefined;
}

function needsTranslation(source: string): boolean {
	return /\p{L}/u.test(source.replace(ADDRESS, ' '));
}

export const untranslatedCheck: QaCheck = {
	id: 'untranslated',
	severity: 'warning',
	label: 'Untranslated',
	run({ source, target }) {
		const text = target.trim();
		if (text === '' || text !== source.trim() || !needsTranslation(source)) return [];
		return [
			{
				message: 'The translation is the same as the source: translate it, or confirm that it stays as it is.',
				source: trimmedSpan(source),
				target: trimmedSpan(target)
			}
		];
	}
};

export const emptyCheck: QaCheck = {
	id: 'empty',
	severity: 'error',
	label: 'Empty',
	run({ source, target }) {
		if (target.trim() !== '' || source.trim() === '') return [];
		return [{ message: 'The translation is empty: translate the source.', source: trimmedSpan(source) }];
	}
};

export const unchangedMtCheck: QaCheck = {
	id: 'unchanged-mt',
	severity: 'info',
	label: 'Unchanged MT',
	run({ target, mt }) {
		if (mt == null || mt.trim() === '' || target.trim() !== mt.trim()) return [];
		return [{ message: 'The machine translation is unchanged: check that it reads well.' }];
	}
};
