import { dateKey, isCode, numberKey, ordinalKey, percentKey, rangeKey, timeKey, type FoundNumber } from './model';

// Chinese news text is full of numerals that are not quantities (统一, 一定, 十分, 千万不要,
// 千万工程, 三心二意), so a lone character counts only where grammar makes it a count: before a
// measure word, after 第, or in a range. Anything else is left alone: a missed number costs
// less than a translator learning to ignore the check.

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };
const TOKEN = /(?:[0-9]+(?:[,，][0-9]{3}(?![0-9]))*(?:\.[0-9]+)?|[〇零一二两三四五六七八九十百千万亿])+/g;
const MEASURE =
	/^(?:个|名|位|家|条|项|次|年|天|日|月|周|人|种|座|所|件|批|支|只|辆|台|部|字|点|类|级|村|户|亩|公里|千米|米|吨|元|岁|倍|成|届|期|轮|场|份|篇|本|张|册|间|栋|套|处|里|代|层|路|股|组|队|片|块|颗|棵|头|匹|架|艘|封|句|段|章|节|小时|分钟|秒|季度|多|余)/;
const VAGUE_BEFORE = /[数几上近]$/;
const VAGUE_AFTER = /^[几]/;
const RANGE_JOIN = /^(?:至|到|-|－|~|～|—|–)$/;

/** Full-width digits and signs become ASCII one for one, so offsets stay those of the original text. */
export function normalizeWidth(text: string): string {
	return text.replace(/[０-９．％：]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Value of a numeral such as 三亿五千万, 3.5万, 12万亿, 二〇二三 (digit by digit); null when it is not one. */
export function parseZhNumeral(raw: string): number | null {
	const parts = raw.match(/[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?|./g) ?? [];
	if (parts.length === 0) return null;
	// 二〇二三, 一九九八: digit-by-digit, only sensible with no units at all.
	if (parts.length > 1 && parts.every((p) => p in DIGITS)) return Number(parts.map((p) => DIGITS[p]).join(''));
	let total = 0;
	let wan = 0;
	let section = 0;
	let num: number | null = null;
	for (const part of parts) {
		if (part in DIGITS) {
			if (num !== null && num !== 0) return null;
			num = DIGITS[part];
		} else if (/^[0-9]/.test(part)) {
			if (num !== null) return null;
			num = Number(part.replace(/[,，]/g, ''));
		} else if (part === '亿') {
			total = (total + wan + section + (num ?? 0)) * 1e8;
			wan = section = 0;
			num = null;
		} else if (part === '万') {
			wan = (wan + section + (num ?? 0)) * 1e4;
			section = 0;
			num = null;
		} else if (part in UNITS) {
			section += (num ?? 1) * UNITS[part];
			num = null;
		} else return null;
	}
	const value = total + wan + section + (num ?? 0);
	return Number.isFinite(value) ? value : null;
}

interface Token {
	start: number;
	end: number;
	text: string;
	value: number;
	/** The multiplier the numeral ends in (3至5万: the 万 applies to 3 as well). */
	tailUnit: number;
}

function tokens(text: string): Token[] {
	const out: Token[] = [];
	for (const m of text.matchAll(TOKEN)) {
		let raw = m[0];
		let start = m.index;
		// 千万, 万人, 上万: a unit with no digit before it is a word, not a count (十 alone is ten).
		const lead = /^[百千万亿]*/.exec(raw)![0];
		raw = raw.slice(lead.length);
		start += lead.length;
		if (raw === '') continue;
		const value = parseZhNumeral(raw);
		if (value === null) continue;
		const tail = /[万亿]+$/.exec(raw)?.[0] ?? '';
		const tailUnit = /[0-9一二两三四五六七八九十百千]/.test(raw.slice(0, raw.length - tail.length)) ? (parseZhNumeral('1' + tail) ?? 1) : 1;
		out.push({ start, end: start + raw.length, text: raw, value, tailUnit });
	}
	return out;
}

function isCjkNumeralOnly(text: string): boolean {
	return /^[〇零一二两三四五六七八九十百千万亿]+$/.test(text);
}

/** A Chinese numeral stands for a count here, judged by its neighbours. */
function isCount(t: Token, text: string): boolean {
	if (!isCjkNumeralOnly(t.text)) return true;
	const after = text.slice(t.end, t.end + 4);
	if (VAGUE_BEFORE.test(text.slice(Math.max(0, t.start - 1), t.start)) || VAGUE_AFTER.test(after)) return false;
	// 三五成群, 七八个: two bare digits side by side are an estimate.
	if (t.text.length > 1 && [...t.text].every((c) => c in DIGITS)) return /^年/.test(after) && t.text.length === 4;
	if (t.text.length > 1) return true;
	if (t.text === '一') return false;
	if (t.text === '十' && /^分/.test(after)) return false;
	return MEASURE.test(after);
}

export function extractZh(input: string): FoundNumber[] {
	const text = normalizeWidth(input);
	const item = (kind: FoundNumber['kind'], start: number, end: number, value: number, rest: Partial<FoundNumber> & { keys: string[] }): FoundNumber => ({
		kind,
		span: { start, end },
		text: input.slice(start, end),
		value,
		...rest
	});
	const found: FoundNumber[] = [];
	const used = new Set<number>();
	const list = tokens(text);
	const take = (i: number) => used.add(i);
	const at = (i: number, pos: number) => list[i] && list[i].start === pos;
	for (let i = 0; i < list.length; i++) {
		if (used.has(i)) continue;
		const t = list[i];
		if (/^[0-9]/.test(t.text) && isCode(text, t.start, t.end)) continue;
		const before = text.slice(Math.max(0, t.start - 3), t.start);
		const after = text.slice(t.end, t.end + 16);
		// ISO dates and clock times in datelines: 2023-07-02 09:17:35.
		const iso = /^-([0-9]{1,2})-([0-9]{1,2})/.exec(after);
		if (/^[0-9]{4}$/.test(t.text) && iso && at(i + 1, t.end + 1) && at(i + 2, t.end + 2 + iso[1].length)) {
			const [y, mo, d] = [t.value, Number(iso[1]), Number(iso[2])];
			take(i + 1);
			take(i + 2);
			found.push(item('date', t.start, t.end + iso[0].length, y, { keys: [dateKey(y, mo, d)], date: { year: y, month: mo, day: d } }));
			continue;
		}
		const clock = /^:([0-9]{2})(?::([0-9]{2}))?/.exec(after);
		if (/^[0-9]{1,2}$/.test(t.text) && clock && t.value < 24) {
			let j = i + 1;
			while (list[j] && list[j].start < t.end + clock[0].length) take(j++);
			const s = clock[2] === undefined ? undefined : Number(clock[2]);
			found.push(
				item('time', t.start, t.end + clock[0].length, t.value, { keys: [timeKey(t.value, Number(clock[1]), s), timeKey(t.value, Number(clock[1]))] })
			);
			continue;
		}
		// 2023年7月2日, 7月2日, 2023年7月, 2023年: the parts are tokens joined by 年/月/日.
		if (/^年/.test(after) || (/^月/.test(after) && t.value >= 1 && t.value <= 12)) {
			const date: { year?: number; month?: number; day?: number } = {};
			let end = t.end;
			let j = i;
			if (/^年/.test(after) && (/^[0-9]{4}$/.test(t.text) || (isCjkNumeralOnly(t.text) && t.text.length === 4 && isCount(t, text)))) {
				date.year = t.value;
				end = t.end + 1;
				if (at(j + 1, end) && text[list[j + 1].end] === '月' && list[j + 1].value >= 1 && list[j + 1].value <= 12) {
					j++;
					date.month = list[j].value;
					end = list[j].end + 1;
				}
			} else if (/^月/.test(after)) {
				date.month = t.value;
				end = t.end + 1;
			}
			if (date.month && at(j + 1, end) && /[日号]/.test(text[list[j + 1].end] ?? '') && list[j + 1].value >= 1 && list[j + 1].value <= 31) {
				j++;
				date.day = list[j].value;
				end = list[j].end + 1;
			}
			if (date.year !== undefined && !date.month) {
				found.push(item('date', t.start, end, date.year, { keys: [dateKey(date.year), numberKey(date.year)], date }));
				continue;
			}
			if (date.month && (date.day || date.year)) {
				for (let k = i + 1; k <= j; k++) take(k);
				found.push(item('date', t.start, end, date.year ?? 0, { keys: [dateKey(date.year, date.month, date.day)], date }));
				continue;
			}
		}
		// 百分之三十五, 百分之3.5, 35%.
		if (before.endsWith('百分之') || /^%/.test(after)) {
			const start = before.endsWith('百分之') ? t.start - 3 : t.start;
			const end = /^%/.test(after) ? t.end + 1 : t.end;
			found.push(item('percent', start, end, t.value, { keys: [percentKey(t.value)] }));
			continue;
		}
		// 8时30分, 8点30分.
		const hm = /^[时点]/.test(after) && at(i + 1, t.end + 1) && text[list[i + 1].end] === '分';
		if ((hm || /^时(?!间|期|代|候|刻|节)/.test(after)) && t.value < 24 && Number.isInteger(t.value)) {
			const minutes = hm ? list[i + 1].value : 0;
			if (hm) take(i + 1);
			const end = hm ? list[i + 1].end + 1 : t.end + 1;
			found.push(item('time', t.start, end, t.value, { keys: [timeKey(t.value, minutes)] }));
			continue;
		}
		// 两成 is 20%: 成 counts tenths, unless it starts a word (三成为, 建成).
		if (/^成(?![为立果功员本绩就熟交型效长年])/.test(after) && isCjkNumeralOnly(t.text) && t.value >= 1 && t.value <= 10) {
			found.push(item('percent', t.start, t.end + 1, t.value * 10, { keys: [percentKey(t.value * 10)] }));
			continue;
		}
		if (before.endsWith('第')) {
			found.push(item('ordinal', t.start - 1, t.end, t.value, { keys: [ordinalKey(t.value), numberKey(t.value)] }));
			continue;
		}
		// 3至5万, 三到五年, 3-5: the high end's 万 multiplies the low end too.
		const next = list[i + 1];
		if (next && RANGE_JOIN.test(text.slice(t.end, next.start)) && (isCount(next, text) || isCjkNumeralOnly(t.text) === isCjkNumeralOnly(next.text))) {
			const lo = t.tailUnit === 1 && next.tailUnit > 1 ? t.value * next.tailUnit : t.value;
			if (lo <= next.value && !(isCjkNumeralOnly(t.text) && t.text === '一' && !isCount(next, text))) {
				take(i + 1);
				found.push(item('range', t.start, next.end, lo, { high: next.value, keys: [rangeKey(lo, next.value)] }));
				continue;
			}
		}
		if (!isCount(t, text)) continue;
		const approximate = /^[多余]/.test(after) && t.value >= 10;
		found.push(item('number', t.start, approximate ? t.end + 1 : t.end, t.value, { keys: [numberKey(t.value)], approximate }));
	}
	// 十四五 is the 14th Five-Year Plan: no numeral grammar reads it, yet English writes "14th".
	for (const m of text.matchAll(/十([一二三四五六七八九])五(?![年万亿千百十〇零一二两三四五六七八九])/g)) {
		const value = 10 + DIGITS[m[1]];
		found.push(item('ordinal', m.index, m.index + 3, value, { keys: [ordinalKey(value), numberKey(value)] }));
	}
	return found.sort((a, b) => a.span.start - b.span.start);
}
