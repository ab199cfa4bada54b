// Find and replace in one segment's plain text (`plainText(block)`: hard breaks are '\n') and in
// its block, keeping every text run's marks. Plain text only: what the user types is never a
// pattern. No I/O, so the server's verbs and the tests share it.

import { blockLike, joinRuns, plainText, type Block, type Inline, type Mark } from '../import/model';

/** Longer than any term or phrase anyone looks for; beyond it a find is a mistake (a pasted paragraph). */
export const MAX_FIND_CHARS = 500;
export const MAX_REPLACE_CHARS = 1000;

export interface FindOptions {
	/** Off by default: letters match whatever their case, as the target language folds them. */
	caseSensitive?: boolean;
	/** Only where the match is not part of a longer word (see `isWholeWord`). */
	wholeWord?: boolean;
	/** The target language (BCP 47): Turkish folds I to ı, not i. */
	locale?: string;
	/** Fold width too (Unicode NFKC): ＧＤＰ matches GDP, as the translation memory's concordance does. */
	foldWidth?: boolean;
}

/** A match in the plain text, as UTF-16 offsets: `text.slice(start, end)` is what was found. */
export interface TextMatch {
	start: number;
	end: number;
}

/** A match as the preview shows it: a little of the text on each side, and what replaces it. */
export interface MatchInContext extends TextMatch {
	before: string;
	match: string;
	after: string;
	replacement: string;
}

// Letters and digits of every script, their combining marks, and the underscore. Han characters
// are letters, so whole-word Chinese matches only where punctuation, a space or the text's edge
// bounds it: 千万 is a whole word in "千万，" but not inside 千万工程.
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const MARK_CHAR = /\p{M}/u;

/** Every match of `find` in `text`, left to right, not overlapping. An empty `find` finds nothing. */
export function findMatches(text: string, find: string, options: FindOptions = {}): TextMatch[] {
	if (find === '' || text === '') return [];
	const locale = usableLocale(options.locale);
	const hay = options.caseSensitive ? identity(text) : folded(text, locale, options.foldWidth);
	const needle = options.caseSensitive ? find : folded(find, locale, options.foldWidth).text;
	const matches: TextMatch[] = [];
	let from = 0;
	for (;;) {
		const at = hay.text.indexOf(needle, from);
		if (at < 0) return matches;
		// A match must begin and end where characters of the original begin: folding "ß" gives
		// "ss", and "s" must not match half of it.
		const start = hay.originalAt[at];
		const end = hay.originalAt[at + needle.length];
		if (start >= 0 && end > start && !splitsCharacter(text, start, end) && (!options.wholeWord || isWholeWord(text, start, end))) {
			matches.push({ start, end });
			from = at + needle.length;
		} else from = at + 1;
	}
}

/**
 * Whether `text.slice(start, end)` stands as a word of its own: an edge of the match that is a
 * word character must not continue into another one. So "U.S." is whole in "the U.S. said" and
 * "cat" is not whole in "category"; Chinese follows from Han characters being letters.
 */
export function isWholeWord(text: string, start: number, end: number): boolean {
	const first = codePointFrom(text, start);
	const last = codePointBefore(text, end);
	if (WORD_CHAR.test(first) && WORD_CHAR.test(codePointBefore(text, start))) return false;
	return !(WORD_CHAR.test(last) && WORD_CHAR.test(codePointFrom(text, end)));
}

/** The text with each match replaced: what `plainText` of `replaceInBlock`'s block says. */
export function replaceInText(text: string, matches: readonly TextMatch[], replacement: string): string {
	let out = '';
	let pos = 0;
	for (const m of matches) {
		out += text.slice(pos, m.start) + replacement;
		pos = m.end;
	}
	return out + text.slice(pos);
}

/**
 * The block with each match (sorted, not overlapping, as `findMatches` gives them) replaced.
 * Text outside the matches keeps its runs and marks; a replacement takes the marks of the first
 * character it replaces, so a match that starts in bold and ends in plain text becomes bold. Null
 * when nothing but whitespace would be left: a segment cannot be saved empty.
 */
export function replaceInBlock(block: Block, matches: readonly TextMatch[], replacement: string): Block | null {
	if (/[\n\r]/.test(replacement)) throw new RangeError('A replacement is one line: it cannot hold a line break.');
	const out: Inline[] = [];
	let offset = 0;
	let next = 0;
	for (const node of block.content ?? []) {
		const length = node.type === 'text' ? node.text.length : 1;
		const nodeEnd = offset + length;
		let pos = offset;
		while (pos < nodeEnd) {
			while (next < matches.length && matches[next].end <= pos) next++;
			const match = matches[next];
			if (!match || match.start >= nodeEnd) {
				out.push(node.type === 'text' ? piece(node.text.slice(pos - offset), node.marks) : node);
				pos = nodeEnd;
			} else if (match.start > pos && node.type === 'text') {
				// Only a run of text can hold the part before a match that starts inside it.
				out.push(piece(node.text.slice(pos - offset, match.start - offset), node.marks));
				pos = match.start;
			} else {
				if (pos === match.start) out.push(piece(replacement, node.type === 'text' ? node.marks : undefined));
				pos = Math.min(match.end, nodeEnd);
			}
		}
		offset = nodeEnd;
	}
	const result = blockLike(block, joinRuns(out));
	return plainText(result).trim() === '' ? null : result;
}

/** Each match with up to `radius` characters of context on either side; a hard break shows as ↵. */
export function inContext(text: string, matches: readonly TextMatch[], replacement: string, radius = 40): MatchInContext[] {
	const shown = (s: string) => s.replaceAll('\n', ' ↵ ');
	return matches.map(({ start, end }) => {
		const from = characterStart(text, Math.max(0, start - radius));
		const to = characterStart(text, Math.min(text.length, end + radius));
		return {
			start,
			end,
			before: (from > 0 ? '…' : '') + shown(text.slice(from, start)),
			match: shown(text.slice(start, end)),
			after: shown(text.slice(end, to)) + (to < text.length ? '…' : ''),
			replacement
		};
	});
}

interface Folded {
	text: string;
	/** For each offset of `text` (and its end), the offset in the original where that character begins; -1 inside one. */
	originalAt: Int32Array;
}

function identity(text: string): Folded {
	const originalAt = new Int32Array(text.length + 1);
	for (let i = 0; i <= text.length; i++) originalAt[i] = i;
	return { text, originalAt };
}

// Case folding one character at a time, so each folded character is traced to the one it came
// from (upper- then lower-casing maps ß to ss and final ς to σ, as full case folding does). Pure
// ASCII outside Turkic languages, the usual English target, folds in one call with offsets kept.
function folded(text: string, locale: string | undefined, width = false): Folded {
	const simple = !/^(tr|az)\b/i.test(locale ?? '');
	// eslint-disable-next-line no-control-regex -- ASCII is what it looks for
	if (simple && /^[\u0000-\u007f]*$/.test(text)) return { text: text.toLowerCase(), originalAt: identity(text).originalAt };
	const parts: string[] = [];
	const origins: number[] = [];
	const cache = new Map<string, string>();
	let i = 0;
	for (const ch of text) {
		let f = cache.get(ch);
		if (f === undefined) {
			f = (width ? ch.normalize('NFKC') : ch).toLocaleUpperCase(locale).toLocaleLowerCase(locale);
			cache.set(ch, f);
		}
		parts.push(f);
		origins.push(i);
		for (let k = 1; k < f.length; k++) origins.push(-1);
		i += ch.length;
	}
	origins.push(text.length);
	return { text: parts.join(''), originalAt: Int32Array.from(origins) };
}

function usableLocale(locale: string | undefined): string | undefined {
	if (!locale) return undefined;
	try {
		return Intl.getCanonicalLocales(locale)[0];
	} catch {
		return undefined;
	}
}

/** A match must not start on a combining mark or stop before one: that would cut a letter from its accent. */
function splitsCharacter(text: string, start: number, end: number): boolean {
	return MARK_CHAR.test(codePointFrom(text, start)) || MARK_CHAR.test(codePointFrom(text, end));
}

function codePointFrom(text: string, at: number): string {
	const cp = text.codePointAt(at);
	return cp === undefined ? '' : String.fromCodePoint(cp);
}

function codePointBefore(text: string, at: number): string {
	if (at <= 0) return '';
	const low = text.charCodeAt(at - 1);
	const pair = at >= 2 && low >= 0xdc00 && low <= 0xdfff && /[\uD800-\uDBFF]/.test(text[at - 2]);
	return text.slice(pair ? at - 2 : at - 1, at);
}

/** `at`, moved back off the second half of a surrogate pair so that a context never splits one. */
function characterStart(text: string, at: number): number {
	const code = text.charCodeAt(at);
	return at > 0 && code >= 0xdc00 && code <= 0xdfff && /[\uD800-\uDBFF]/.test(text[at - 1]) ? at - 1 : at;
}

function piece(text: string, marks: Mark[] | undefined): Inline {
	return marks && marks.length > 0 ? { type: 'text', text, marks: marks.map((m) => ({ ...m })) as Mark[] } : { type: 'text', text };
}
