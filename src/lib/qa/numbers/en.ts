import { MONTHS, dateKey, isCode, numberKey, ordinalKey, percentKey, rangeKey, timeKey, type FoundNumber } from './model';

// English writes one value many ways (35,000 / 35 thousand / thirty-five thousand); each is
// reduced to keys. Plurals of scale words ("thousands of", "tens of thousands") are vague
// and never extracted. Small spelled-out numbers ("one of the") match but are never reported
// as extra: they are pronouns and idioms as often as counts.

const UNIT_WORDS = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'ten',
	'eleven',
	'twelve',
	'thirteen',
	'fourteen',
	'fifteen',
	'sixteen',
	'seventeen',
	'eighteen',
	'nineteen'
];
const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12 };
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const MONTH = `(${MONTHS.map((m) => m[0].toUpperCase() + m.slice(1)).join('|')}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?`;

const DATE_PATTERNS: [RegExp, (m: RegExpExecArray) => { year?: number; month?: number; day?: number }][] = [
	[/\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b/g, (m) => ({ year: +m[1], month: +m[2], day: +m[3] })],
	[new RegExp(`\\b${MONTH} ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})\\b`, 'g'), (m) => ({ month: month(m[1]), day: +m[2], year: +m[3] })],
	[new RegExp(`\\b([0-9]{1,2})(?:st|nd|rd|th)? ${MONTH},? ([0-9]{4})\\b`, 'g'), (m) => ({ day: +m[1], month: month(m[2]), year: +m[3] })],
	[new RegExp(`\\b${MONTH} ([0-9]{4})\\b`, 'g'), (m) => ({ month: month(m[1]), year: +m[2] })],
	[new RegExp(`\\b${MONTH} ([0-9]{1,2})(?:st|nd|rd|th)?\\b(?![0-9,:])`, 'g'), (m) => ({ month: month(m[1]), day: +m[2] })],
	[new RegExp(`\\b([0-9]{1,2})(?:st|nd|rd|th)? ${MONTH}\\b`, 'g'), (m) => ({ day: +m[1], month: month(m[2]) })]
];
const TIME_PATTERNS: RegExp[] = [/\b([0-9]{1,2})(?:[:.]([0-9]{2}))?\s?([ap])\.?m\b\.?/gi, /\b([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\b/g];
const DIGITS =
	/(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(?![0-9])(?:(\s?%| percent\b| per cent\b)|(st|nd|rd|th)\b|\s?(hundred|thousand|million|mn|billion|bn|trillion)\b(?! of\b))?/gi;
const WORD = /[A-Za-z]+/g;

function month(name: string): number {
	const lower = name.toLowerCase().replace('.', '');
	return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3))) + 1;
}

function dateFound(start: number, end: number, text: string, date: { year?: number; month?: number; day?: number }): FoundNumber {
	const { year, month: mo, day } = date;
	// Generous keys: the source may give fewer parts (7月2日) than the translation (July 2, 2023).
	const keys = [dateKey(year, mo, day), dateKey(undefined, mo, day), dateKey(year, mo), dateKey(year)];
	if (year !== undefined) keys.push(numberKey(year));
	return { kind: 'date', span: { start, end }, text: text.slice(start, end), value: year ?? 0, date, keys: keys.filter((k) => k !== dateKey()) };
}

export function extractEn(text: string): FoundNumber[] {
	const found: FoundNumber[] = [];
	const taken: boolean[] = [];
	const free = (s: number, e: number) => {
		for (let i = s; i < e; i++) if (taken[i]) return false;
		return true;
	};
	const push = (f: FoundNumber) => {
		for (let i = f.span.start; i < f.span.end; i++) taken[i] = true;
		found.push(f);
	};
	for (const [re, read] of DATE_PATTERNS) {
		for (const m of text.matchAll(re)) {
			const date = read(m as RegExpExecArray);
			const ok = (!date.month || (date.month >= 1 && date.month <= 12)) && (!date.day || (date.day >= 1 && date.day <= 31));
			if (ok && free(m.index, m.index + m[0].length)) push(dateFound(m.index, m.index + m[0].length, text, date));
		}
	}
	for (const re of TIME_PATTERNS) {
		for (const m of text.matchAll(re)) {
			const [h, min, third] = [Number(m[1]), Number(m[2] ?? 0), m[3]];
			if (h > 23 || min > 59 || !free(m.index, m.index + m[0].length)) continue;
			const seconds = third !== undefined && /^[0-9]+$/.test(third) ? Number(third) : undefined;
			const keys = seconds === undefined ? [timeKey(h, min)] : [timeKey(h, min, seconds), timeKey(h, min)];
			push({ kind: 'time', span: { start: m.index, end: m.index + m[0].length }, text: m[0], value: h, keys });
		}
	}
	for (const m of text.matchAll(DIGITS)) {
		const end = m.index + m[0].length;
		if (!free(m.index, end) || (!m[3] && !m[4] && !m[5] && isCode(text, m.index, end))) continue;
		const base = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
		const span = { start: m.index, end };
		if (m[3]) push({ kind: 'percent', span, text: m[0], value: base, keys: [percentKey(base)] });
		else if (m[4]) push({ kind: 'ordinal', span, text: m[0], value: base, keys: [ordinalKey(base), numberKey(base)] });
		else {
			const value = m[5] ? base * SCALES[m[5].toLowerCase()] : base;
			const approximate = /^-odd\b/.test(text.slice(end, end + 5));
			push({ kind: 'number', span, text: m[0], value, keys: [numberKey(value)], approximate });
		}
	}
	wordNumbers(text, free, push);
	found.sort((a, b) => a.span.start - b.span.start);
	return joinRanges(found, text);
}

type Word = { start: number; end: number; lower: string; capital: boolean };

function wordNumbers(text: string, free: (s: number, e: number) => boolean, push: (f: FoundNumber) => void): void {
	const words: Word[] = [];
	for (const m of text.matchAll(WORD)) words.push({ start: m.index, end: m.index + m[0].length, lower: m[0].toLowerCase(), capital: /^[A-Z]/.test(m[0]) });
	const unit = (w: string) => {
		const u = UNIT_WORDS.indexOf(w);
		if (u >= 0) return u;
		const t = TENS_WORDS.indexOf(w);
		return t >= 0 ? (t + 2) * 10 : -1;
	};
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		const ord = ORDINAL_WORDS.indexOf(w.lower);
		if (ord >= 0 && free(w.start, w.end)) {
			const value = ord + 1;
			push({
				kind: 'ordinal',
				span: { start: w.start, end: w.end },
				text: text.slice(w.start, w.end),
				value,
				keys: [ordinalKey(value), numberKey(value)],
				small: true
			});
			continue;
		}
		if (unit(w.lower) < 0 || !free(w.start, w.end)) continue;
		let total = 0;
		let current = 0;
		let j = i;
		let last = i;
		let pendingTens = false;
		for (; j < words.length; j++) {
			const word = words[j];
			const gap = text.slice(words[j - 1]?.end ?? word.start, word.start);
			if (j > i && !/^[\s-]$/.test(gap)) break;
			const u = unit(word.lower);
			if (u >= 0) {
				// "twenty-five" adds, "five six" does not.
				if (j > i && current % 100 !== 0 && !(pendingTens && u < 10)) break;
				pendingTens = u >= 20 && u % 10 === 0;
				current += u;
			} else if (word.lower in SCALES && j > i) {
				const scale = SCALES[word.lower];
				if (scale === 100) current = (current || 1) * 100;
				else {
					total += (current || 1) * scale;
					current = 0;
				}
				pendingTens = false;
			} else if (
				word.lower === 'and' &&
				j > i &&
				/hundred|thousand|million|billion/.test(words[j - 1].lower) &&
				words[j + 1] &&
				unit(words[j + 1].lower) >= 0
			) {
				continue;
			} else break;
			last = j;
		}
		const value = total + current;
		const start = w.start;
		const end = words[last].end;
		const first = i;
		i = last;
		const name = words.slice(first, last + 1).every((x) => x.capital) && words[last + 1]?.capital === true;
		push({ kind: 'number', span: { start, end }, text: text.slice(start, end), value, keys: [numberKey(value)], name, small: value <= 10 && end - start <= 5 });
	}
}

/** "3 to 5 million", "30,000-50,000", "between 3 and 5": one range, the scale shared. */
function joinRanges(list: FoundNumber[], text: string): FoundNumber[] {
	const out: FoundNumber[] = [];
	for (let i = 0; i < list.length; i++) {
		const a = list[i];
		const b = list[i + 1];
		const gap = b ? text.slice(a.span.end, b.span.start) : '';
		const between = /\bbetween\s$/i.test(text.slice(Math.max(0, a.span.start - 8), a.span.start)) && /^\s+and\s+$/.test(gap);
		if (b && a.kind === 'number' && b.kind === 'number' && (between || /^\s*(?:-|–|—|to)\s*$/.test(gap))) {
			const scaleOfB = /(thousand|million|mn|billion|bn|trillion)$/i.exec(b.text)?.[1];
			const plainA = /^[0-9.,]+$/.test(a.text);
			const lo = plainA && scaleOfB ? a.value * SCALES[scaleOfB.toLowerCase()] : a.value;
			if (lo < b.value) {
				const start = between ? a.span.start - 8 + /between\s$/i.exec(text.slice(a.span.start - 8, a.span.start))!.index : a.span.start;
				const keys = [rangeKey(lo, b.value), numberKey(lo), numberKey(b.value)];
				out.push({ kind: 'range', span: { start, end: b.span.end }, text: text.slice(start, b.span.end), value: lo, high: b.value, keys });
				i++;
				continue;
			}
		}
		out.push(a);
	}
	return out;
}
