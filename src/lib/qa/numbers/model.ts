import type { Span } from '../types';

// Both extractors reduce what they find to comparison keys, so that the check compares
// "120 million" and "1.2亿" by value without knowing how either language writes it.

export type NumberKind = 'number' | 'percent' | 'date' | 'time' | 'ordinal' | 'range';

export interface FoundNumber {
	kind: NumberKind;
	span: Span;
	text: string;
	/** The value (a range's low end; a date's year, else 0). */
	value: number;
	/** A range's high end. */
	high?: number;
	date?: { year?: number; month?: number; day?: number };
	/** "30-odd", 三十多: the value is a floor, not an exact count. */
	approximate?: boolean;
	/** Spelled out in a title-cased name ("Ten Thousand Projects"): matched, never reported as extra. */
	name?: boolean;
	/** Spelled-out one to ten and word ordinals: too idiomatic to report as extra. */
	small?: boolean;
	/** Any one of these present on the other side counts as a match. */
	keys: string[];
}

/** Rounded so that 3.5 × 10000 and 35000 give the same key despite floating point. */
export function valueKey(value: number): string {
	// Integers need no rounding, and they are most of what a text holds.
	if (Number.isSafeInteger(value)) return String(value);
	return String(Number(value.toPrecision(12)));
}

export const numberKey = (v: number): string => `n:${valueKey(v)}`;
export const percentKey = (v: number): string => `p:${valueKey(v)}`;
export const ordinalKey = (v: number): string => `o:${valueKey(v)}`;
export const rangeKey = (lo: number, hi: number): string => `r:${valueKey(lo)}-${valueKey(hi)}`;
// Times compare on a 12-hour clock: 下午3时 and "3 p.m." agree; "15:00" and "3 p.m." too.
export const timeKey = (h: number, m: number, s?: number): string => `t:${h % 12}:${m}${s === undefined ? '' : `:${s}`}`;
export const dateKey = (y?: number, m?: number, d?: number): string => `d:${y ?? ''}-${m ?? ''}-${d ?? ''}`;

/** Digits glued to Latin letters (COVID-19, G20, 5G, H7N9) name a thing; both languages skip them alike. */
export function isCode(text: string, start: number, end: number): boolean {
	return /[A-Za-z]-?$/.test(text.slice(Math.max(0, start - 2), start)) || /^[A-Z](?![A-Za-z])/.test(text.slice(end, end + 2));
}

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** How an English text would write the value: digits with commas, or a scale word for round millions and billions. */
export function formatEnglish(value: number, preferScale: boolean): string {
	const scales: [number, string][] = [
		[1e12, 'trillion'],
		[1e9, 'billion'],
		[1e6, 'million']
	];
	if (preferScale || value >= 1e9) {
		for (const [size, word] of scales) {
			const head = value / size;
			if (head >= 1 && Number.isInteger(Number((head * 100).toPrecision(12)))) return `${Number(head.toPrecision(12))} ${word}`;
		}
	}
	// By hand: toLocaleString goes through Intl and costs a millisecond per thousand calls.
	const [whole, fraction] = valueKey(value).split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction ? `${grouped}.${fraction}` : grouped;
}

export function describe(found: FoundNumber): string {
	switch (found.kind) {
		case 'percent':
			return `${valueKey(found.value)}%`;
		case 'range':
			return `${formatEnglish(found.value, false)}–${formatEnglish(found.high ?? found.value, false)}`;
		case 'ordinal':
			return `ordinal ${valueKey(found.value)}`;
		case 'date': {
			const { year, month, day } = found.date ?? {};
			const monthName = month ? MONTHS[month - 1].replace(/^./, (c) => c.toUpperCase()) : '';
			if (month && day) return year ? `${monthName} ${day}, ${year}` : `${monthName} ${day}`;
			if (month) return year ? `${monthName} ${year}` : monthName;
			return String(year ?? found.text);
		}
		case 'time':
			return found.text;
		default:
			return `${found.approximate ? 'more than ' : ''}${formatEnglish(found.value, found.value >= 1e6)}`;
	}
}
