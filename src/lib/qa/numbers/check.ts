import type { QaCheck, QaFinding } from '../types';
import { extractEn } from './en';
import { describe, formatEnglish, type FoundNumber } from './model';
import { extractZh } from './zh';
import { primaryLanguage } from '../../text/languages';

// Every number of the source must reappear in the translation with the same value, however
// English writes it. When a source number is missing and a different number of the same kind
// stands unmatched in the translation, the two are paired in order: that is almost always the
// number the translator meant, and pointing at it makes the fix one click.

function unmatched(items: FoundNumber[], otherKeys: Set<string>, other: FoundNumber[]): FoundNumber[] {
	const values = new Set(other.map((o) => o.value));
	return items.filter((item) => {
		if (item.keys.some((k) => otherKeys.has(k))) return false;
		// A Chinese range may be written as two separate numbers ("from 30,000 up to 50,000").
		if (item.kind === 'range' && item.high !== undefined) {
			return !(values.has(item.value) && values.has(item.high));
		}
		return true;
	});
}

const sameKind = (a: FoundNumber, b: FoundNumber) =>
	a.kind === b.kind || (a.kind === 'number' && b.kind === 'range') || (a.kind === 'range' && b.kind === 'number');

function sourceLabel(found: FoundNumber): string {
	const english = describe(found);
	return english === found.text ? english : `${english} (${found.text})`;
}

/** What to type instead, in the style the translator already used (35 thousand keeps its scale word). */
function replacement(source: FoundNumber, target: FoundNumber): string | null {
	const scaled = /million|billion|trillion|thousand|\bmn\b|\bbn\b/i.test(target.text);
	switch (source.kind) {
		case 'number':
			return target.kind === 'number' ? formatEnglish(source.value, scaled) : null;
		case 'percent':
			return /per ?cent/i.test(target.text)
				? `${formatEnglish(source.value, false)}${target.text.match(/ per ?cent/i)![0]}`
				: `${formatEnglish(source.value, false)}%`;
		case 'range':
			return target.kind === 'range' ? `${formatEnglish(source.value, false)} to ${formatEnglish(source.high ?? source.value, false)}` : null;
		case 'date':
			return describe(source);
		default:
			return null;
	}
}

export const numbersCheck: QaCheck = {
	id: 'numbers',
	severity: 'error',
	label: 'Numbers',
	run(segment, context): QaFinding[] {
		if (primaryLanguage(context.sourceLang) !== 'zh' || primaryLanguage(context.targetLang) !== 'en') return [];
		const source = extractZh(segment.source);
		const target = extractEn(segment.target);
		const sourceKeys = new Set(source.flatMap((s) => s.keys));
		const targetKeys = new Set(target.flatMap((t) => t.keys));
		const missing = unmatched(source, targetKeys, target);
		// Spelled-out small numbers, word ordinals and names are only matched, never reported as extra:
		// "one of the", "first of all" and "Ten Thousand Villages" are words before they are counts.
		const extra = unmatched(target, sourceKeys, source).filter((t) => !t.name);
		const findings: QaFinding[] = [];
		const paired = new Set<FoundNumber>();
		// Pairing goes in reading order, so a cursor per kind keeps it linear on long texts.
		const cursor = new Map<string, number>();
		const nextExtra = (s: FoundNumber): FoundNumber | undefined => {
			const group = s.kind === 'range' ? 'number' : s.kind;
			let i = cursor.get(group) ?? 0;
			while (i < extra.length && (paired.has(extra[i]) || !sameKind(s, extra[i]))) i++;
			cursor.set(group, i + 1);
			return extra[i];
		};
		for (const s of missing) {
			const t = nextExtra(s);
			const label = sourceLabel(s);
			if (t) {
				paired.add(t);
				const message = `${s.text} is ${describe(s)}, not ${t.text}. Correct the number.`;
				const text = replacement(s, t);
				const fix = text === null ? undefined : { target: t.span, replacement: text, label: `Replace with “${text}”` };
				findings.push({ message, source: s.span, target: t.span, ...(fix ? { fix } : {}) });
			} else {
				findings.push({ message: `The source has ${label}; the translation does not. Check the number.`, source: s.span });
			}
		}
		for (const t of extra) {
			if (paired.has(t) || t.small) continue;
			findings.push({ message: `The translation has ${t.text}, which is not in the source: check whether it belongs.`, target: t.span });
		}
		return findings;
	}
};
