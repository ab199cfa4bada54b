// How Rendition cuts a segment's text into the units its translation memory compares and indexes.
// Chinese and Japanese are written without spaces, so each Han or kana character is a token of
// its own (a word segmenter would make scores depend on its dictionary and its version); other
// scripts split into words; each punctuation mark is a token, so "，" against "。" costs one edit.
// docs/tm-matching.md is the published definition: change both together.

/** Width and case folded, so "ＧＤＰ" and "gdp" are the same token. */
export function normalizeText(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /[\s\u200b\u2060\ufeff]/u;

export interface Token {
	text: string;
	/** A Han or kana character: the index pairs it with its neighbour. */
	cjk: boolean;
	/** Offsets in the normalised text, for highlighting. */
	start: number;
	end: number;
}

/** The tokens of already normalised text. */
export function tokenizeNormalized(norm: string): Token[] {
	const tokens: Token[] = [];
	let word = -1;
	const endWord = (at: number) => {
		if (word >= 0) tokens.push({ text: norm.slice(word, at), cjk: false, start: word, end: at });
		word = -1;
	};
	let i = 0;
	for (const ch of norm) {
		const next = i + ch.length;
		if (CJK.test(ch)) {
			endWord(i);
			tokens.push({ text: ch, cjk: true, start: i, end: next });
		} else if (WORD.test(ch)) {
			if (word < 0) word = i;
		} else {
			endWord(i);
			if (!SPACE.test(ch)) tokens.push({ text: ch, cjk: false, start: i, end: next });
		}
		i = next;
	}
	endWord(i);
	return tokens;
}

export const tokenize = (text: string): Token[] => tokenizeNormalized(normalizeText(text));

// 32-bit FNV-1a: the index stores int4 keys. A collision only makes a candidate that the exact
// comparison then throws away, never a wrong match.
function hashKey(key: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h | 0;
}

const WORD_KEY = '\u0001';
const PAIR_KEY = '\u0002';
const SINGLE_KEY = '\u0003';

/**
 * Texts this short also get a key per Han/kana character: a two-character query matches a unit
 * that shares one character with it (50 %), which no pair of characters would find. A query of up
 * to half as many tokens can only match units this short at 50 %, so it finds them all.
 */
export const SHORT_TEXT_TOKENS = 12;

/**
 * The index keys of a text: each word, each pair of neighbouring Han/kana characters, and a lone
 * Han/kana character between other tokens (every one, in a short text). Punctuation is left out:
 * it is in nearly every unit. A phrase's keys (`phrase`) are only those every text holding it has.
 */
export function keysOfTokens(tokens: readonly Token[], { phrase = false } = {}): string[] {
	const keys: string[] = [];
	const short = !phrase && tokens.length <= SHORT_TEXT_TOKENS;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.cjk) {
			const next = tokens[i + 1];
			const paired = next?.cjk && next.start === t.end;
			if (paired) keys.push(PAIR_KEY + t.text + next.text);
			// A text holding a phrase's lone character may hold it inside a run, under a pair key only.
			if (short || (!phrase && !paired && !(tokens[i - 1]?.cjk && tokens[i - 1].end === t.start))) keys.push(SINGLE_KEY + t.text);
		} else if (WORD.test(t.text)) keys.push(WORD_KEY + t.text);
	}
	return keys;
}

/** Sorted, distinct int4 keys, as stored in the index. */
export function hashKeys(keys: readonly string[]): number[] {
	const hashed = [...new Set(keys.map(hashKey))];
	return hashed.sort((a, b) => a - b);
}

export const indexKeys = (text: string): number[] => hashKeys(keysOfTokens(tokenize(text)));
