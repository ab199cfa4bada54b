/**
 * Word tokens from `Intl.Segmenter`, with whitespace and punctuation kept as tokens of their own,
 * so that `tokenize(text).join('') === text` for every string.
 *
 * The V8 in Node 20 segments in time quadratic in the length of the string (fixed upstream in
 * 2024): a 45,000-character text takes 0.7 s, 140,000 characters 16 s. So long texts are segmented in
 * chunks of about a thousand characters, cut only where a word boundary is certain (see
 * `isSafeCut`), which gives the same tokens as one call would, in linear time.
 */

export interface Token {
	text: string;
	/** Segmenter's `isWordLike`: letters, digits, CJK words; false for spaces, punctuation, emoji. */
	isWord: boolean;
}

const CHUNK_TARGET = 1_000;
// A run with no safe cut (a long URL, unpunctuated Thai) is cut here regardless: the tokens still
// join to the text, only the two words astride the cut may be split differently.
const CHUNK_HARD_LIMIT = 2_000;

const segmenters = new Map<string, Intl.Segmenter>();

function wordSegmenter(locale: string | undefined): Intl.Segmenter {
	const key = locale ?? '';
	let segmenter = segmenters.get(key);
	if (!segmenter) {
		try {
			segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
		} catch {
			// An invalid language tag must not break a diff: fall back to the default locale.
			segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
		}
		if (segmenters.size > 50) segmenters.clear();
		segmenters.set(key, segmenter);
	}
	return segmenter;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Whitespace by Unicode, without U+FEFF (a Format character that UAX #29 attaches to what precedes it).
const WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
// Connector punctuation (`_`) is ExtendNumLet, which joins with Katakana: not a safe place to cut.
const PUNCTUATION = /[^\P{P}\p{Pc}]/u;

/**
 * True when every word segmentation has a boundary between text[i - 1] and text[i]:
 * whitespace followed by a letter or digit (no UAX #29 rule joins across a space except
 * space-to-space and a following Extend/Format/ZWJ, which letters are not), or punctuation or
 * whitespace followed by a Han or kana character (Han and kana are never ALetter/Numeric, so
 * the mid-word rules do not apply; this is what lets Chinese text without spaces be chunked).
 */
function isSafeCut(text: string, i: number): boolean {
	const before = text[i - 1];
	const after = String.fromCodePoint(text.codePointAt(i) ?? 0);
	if (WHITESPACE.test(before)) return LETTER_OR_DIGIT.test(after);
	return PUNCTUATION.test(before) && CJK.test(after);
}

function isCuttable(text: string, i: number): boolean {
	const code = text.charCodeAt(i);
	const lowSurrogate = code >= 0xdc00 && code <= 0xdfff;
	const afterJoiner = text.charCodeAt(i - 1) === 0x200d;
	return !lowSurrogate && !afterJoiner && !/[\p{M}\p{Cf}]/u.test(text[i]);
}

function chunkEnd(text: string, start: number): number {
	if (text.length - start <= CHUNK_HARD_LIMIT) return text.length;
	for (let i = start + CHUNK_TARGET; i < start + CHUNK_HARD_LIMIT; i++) {
		if (isSafeCut(text, i)) return i;
	}
	let i = start + CHUNK_HARD_LIMIT;
	while (i > start + CHUNK_TARGET && !isCuttable(text, i)) i--;
	return i;
}

// Space-delimited pieces, and the shape of a plain ASCII word with simple punctuation around it.
const PIECE = / +|[^ ]+/g;
const ASCII_WORD = /^([(["']*)([A-Za-z0-9]+)([)\]"',.;:!?]*)$/;

function isAsciiOrEdge(text: string, i: number): boolean {
	return i < 0 || i >= text.length || text.charCodeAt(i) < 0x80;
}

/**
 * Tokens of `text` with their word flag; their texts join to `text`.
 *
 * The Segmenter costs about 4 µs a token here, so plain English takes a shortcut that yields the
 * very same tokens: a run of spaces between ASCII characters is one token (no rule joins a space
 * to ASCII), and a space-delimited `word`, `word,` or `(word)` is its word and one token per
 * punctuation mark (UAX #29 joins letters across `.`, `'`, `:` only with letters or digits on
 * both sides). Anything else (`don't`, `U.S.`, `1,000`, CJK, accents) goes to the Segmenter.
 */
export function segmentWords(text: string, locale?: string): Token[] {
	return segmentWordsUpTo(text, Infinity, locale) ?? [];
}

/** As `segmentWords`, but gives up with null as soon as there are more than `limit` tokens. */
export function segmentWordsUpTo(text: string, limit: number, locale?: string): Token[] | null {
	const segmenter = wordSegmenter(locale);
	const tokens: Token[] = [];
	let pending = 0;
	const flush = (end: number): boolean => {
		if (end > pending) return segmentInChunks(text.slice(pending, end), segmenter, tokens, limit);
		return true;
	};
	for (const match of text.matchAll(PIECE)) {
		const piece = match[0];
		const start = match.index;
		if (piece[0] === ' ') {
			if (!isAsciiOrEdge(text, start - 1) || !isAsciiOrEdge(text, start + piece.length)) continue;
			if (!flush(start)) return null;
			tokens.push({ text: piece, isWord: false });
		} else {
			const word = ASCII_WORD.exec(piece);
			if (!word) continue;
			if (!flush(start)) return null;
			for (const mark of word[1]) tokens.push({ text: mark, isWord: false });
			tokens.push({ text: word[2], isWord: true });
			for (const mark of word[3]) tokens.push({ text: mark, isWord: false });
		}
		pending = start + piece.length;
		if (tokens.length > limit) return null;
	}
	return flush(text.length) ? tokens : null;
}

/** Appends the tokens of `text`; false when that makes more than `limit`. */
function segmentInChunks(text: string, segmenter: Intl.Segmenter, tokens: Token[], limit: number): boolean {
	for (let start = 0; start < text.length;) {
		const end = chunkEnd(text, start);
		for (const s of segmenter.segment(text.slice(start, end))) {
			tokens.push({ text: s.segment, isWord: s.isWordLike === true });
		}
		if (tokens.length > limit) return false;
		start = end;
	}
	return true;
}

/** Word, whitespace and punctuation tokens of `text`; `tokenize(text).join('') === text`. */
export function tokenize(text: string, locale?: string): string[] {
	return segmentWords(text, locale).map((token) => token.text);
}

/** Word-like tokens in `text` (a CJK word as the segmenter's dictionary cuts it counts as one). */
export function countWords(text: string, locale?: string): number {
	return countWordsAndCharacters(text, locale).words;
}

/**
 * Word-like tokens, and user-perceived characters (grapheme clusters) that are not whitespace.
 * Word boundaries are grapheme boundaries, so graphemes are counted token by token, and tokens
 * are short: ASCII ones are counted as they are, the others come from chunks of at most 2,000.
 */
export function countWordsAndCharacters(text: string, locale?: string): { words: number; characters: number } {
	let words = 0;
	let characters = 0;
	for (const token of segmentWords(text, locale)) {
		if (token.isWord) words++;
		// eslint-disable-next-line no-control-regex -- ASCII is U+0000 to U+007F
		if (/^[\x00-\x7f]*$/.test(token.text)) {
			// In ASCII a grapheme is a character (CR LF aside, which is whitespace anyway).
			for (let i = 0; i < token.text.length; i++) if (!isAsciiSpace(token.text.charCodeAt(i))) characters++;
		} else if (/\S/u.test(token.text)) {
			for (const g of graphemes.segment(token.text)) if (/\S/u.test(g.segment)) characters++;
		}
	}
	return { words, characters };
}

function isAsciiSpace(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13);
}

/** True when `token` contains Han, Hiragana or Katakana. */
export function isCjk(token: string): boolean {
	return CJK.test(token);
}

// Anything that can join code points into one grapheme: marks, format characters (ZWJ),
// modifier symbols (skin tones), variation selectors, regional indicators, Hangul jamo.
const JOINING = /[\p{M}\p{Cf}\p{Sk}\u{1F1E6}-\u{1F1FF}\u1100-\u11ff\ud7b0-\ud7ff]/u;

/** The grapheme clusters of a (short) token. */
export function splitGraphemes(token: string): string[] {
	if (!JOINING.test(token)) return Array.from(token);
	return Array.from(graphemes.segment(token), (g) => g.segment);
}
