import type { QaCheck, QaContext, QaFinding } from '../types';
import { primaryLanguage } from '../../text/languages';

const WORD = /[\p{Script=Latin}\p{M}]+(?:['’][\p{Script=Latin}\p{M}]+)*/gu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

// Doubles that grammar allows ("he had had enough", "nous nous sommes", "die die Schule").
const ALLOWED_DOUBLES: Record<string, ReadonlySet<string>> = {
	en: new Set(['had', 'that']),
	fr: new Set(['nous', 'vous']),
	de: new Set(['die', 'der', 'das'])
};

function isolated(text: string, start: number, end: number): boolean {
	return !WORD_CHAR.test(text.charAt(start - 1)) && !WORD_CHAR.test(text.charAt(end));
}

export function doubledWords(target: string, targetLang: string): QaFinding[] {
	const allowed = ALLOWED_DOUBLES[primaryLanguage(targetLang)] ?? new Set<string>();
	const findings: QaFinding[] = [];
	let previous: { word: string; end: number } | null = null;
	for (const match of target.matchAll(WORD)) {
		const start = match.index;
		const end = start + match[0].length;
		if (!isolated(target, start, end)) {
			previous = null;
			continue;
		}
		const word = match[0].toLowerCase();
		// Only spaces between them: punctuation or a line break means a new clause or sentence.
		if (previous && previous.word === word && /^[ \t\u00A0]+$/.test(target.slice(previous.end, start)) && !allowed.has(word)) {
			findings.push({
				message: `“${match[0]}” is written twice: delete the second one.`,
				target: { start, end },
				fix: { target: { start: previous.end, end }, replacement: '', label: `Delete the second “${match[0]}”` }
			});
		}
		previous = { word, end };
	}
	return findings;
}

export const doubledWordCheck: QaCheck = {
	id: 'doubled-word',
	severity: 'warning',
	label: 'Doubled word',
	run(segment, context: QaContext) {
		return doubledWords(segment.target, context.targetLang);
	}
};

export const doubleSpaceCheck: QaCheck = {
	id: 'double-space',
	severity: 'warning',
	label: 'Double space',
	run({ target }) {
		const findings: QaFinding[] = [];
		for (const match of target.matchAll(/ {2,}/g)) {
			const start = match.index;
			const end = start + match[0].length;
			// Spaces at either end are the whitespace check's to report.
			if (target.slice(0, start).trim() === '' || target.slice(end).trim() === '') continue;
			const span = { start, end };
			findings.push({
				message: `The translation has ${match[0].length} spaces in a row: use one.`,
				target: span,
				fix: { target: span, replacement: ' ', label: 'Replace with one space' }
			});
		}
		return findings;
	}
};

function firstCodePointLength(text: string): number {
	const code = text.codePointAt(0) ?? 0;
	return code > 0xffff ? 2 : 1;
}

function lastCodePointLength(text: string): number {
	const low = text.charCodeAt(text.length - 1);
	const high = text.charCodeAt(text.length - 2);
	return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
}

export function whitespaceFindings(source: string, target: string): QaFinding[] {
	const body = target.trim();
	if (body === '') return [];
	const findings: QaFinding[] = [];
	const sourceLead = source.length - source.trimStart().length;
	const sourceTrail = source.length - source.trimEnd().length;
	const lead = target.length - target.trimStart().length;
	const trail = target.length - target.trimEnd().length;
	const sourceLeadText = source.slice(0, sourceLead);
	const sourceTrailText = source.slice(source.length - sourceTrail);

	if (sourceLeadText.includes('\n') && !target.slice(0, lead).includes('\n')) {
		// Re-create the source's line breaks in front of the first character.
		const span = { start: 0, end: lead + firstCodePointLength(body) };
		findings.push({
			message: 'The source starts with a line break that the translation lacks: add it.',
			target: span,
			fix: { target: span, replacement: sourceLeadText + target.slice(lead, span.end), label: 'Add the line break' }
		});
	} else if (lead > 0 && sourceLead === 0) {
		const span = { start: 0, end: lead };
		findings.push({
			message: 'The translation starts with whitespace that the source lacks: remove it.',
			target: span,
			fix: { target: span, replacement: '', label: 'Remove the leading whitespace' }
		});
	}

	const bodyEnd = target.length - trail;
	if (sourceTrailText.includes('\n') && !target.slice(bodyEnd).includes('\n')) {
		const span = { start: bodyEnd - lastCodePointLength(target.slice(0, bodyEnd)), end: target.length };
		findings.push({
			message: 'The source ends with a line break that the translation lacks: add it.',
			target: span,
			fix: { target: span, replacement: target.slice(span.start, bodyEnd) + sourceTrailText, label: 'Add the line break' }
		});
	} else if (trail > 0 && sourceTrail === 0) {
		const span = { start: bodyEnd, end: target.length };
		findings.push({
			message: 'The translation ends with whitespace that the source lacks: remove it.',
			target: span,
			fix: { target: span, replacement: '', label: 'Remove the trailing whitespace' }
		});
	}
	return findings;
}

export const whitespaceCheck: QaCheck = {
	id: 'whitespace',
	severity: 'warning',
	label: 'Whitespace',
	run({ source, target }) {
		return whitespaceFindings(source, target);
	}
};
