import { normalizeText, tokenizeNormalized, type Token } from './tokens';

// The match score a translator and a reviewer see, as docs/tm-matching.md defines it:
//   101  the same source, and the segments before and after it match the unit's neighbours too;
//   100  the same source text and formatting;
//    99  the same after folding case, width, spacing and formatting;
//  ≤98  ⌊100 × (1 − d / max(n, m))⌋, d the edit distance over tokens (tokens.ts), n and m the
//       token counts of the two sources; a one-token change in a long sentence stays below 99,
//       so 99 always means "only case, width, spacing or formatting differ".

export const CONTEXT_SCORE = 101;
export const EXACT_SCORE = 100;
export const FOLDED_SCORE = 99;
export const FUZZY_CAP = 98;

/** A text prepared once for many comparisons. */
export interface Prepared {
	/** NFC, trimmed: equal means the same source. */
	exact: string;
	norm: string;
	tokens: Token[];
	/** Token texts as numbers of one shared Interner, for the distance. */
	ids: Int32Array;
}

/** Numbers token texts for one lookup, so comparing two tokens is comparing two numbers. */
export class Interner {
	private readonly ids = new Map<string, number>();
	id(text: string): number {
		let id = this.ids.get(text);
		if (id === undefined) this.ids.set(text, (id = this.ids.size));
		return id;
	}
}

export function prepare(text: string, interner: Interner): Prepared {
	const norm = normalizeText(text);
	const tokens = tokenizeNormalized(norm);
	const ids = new Int32Array(tokens.length);
	for (let i = 0; i < tokens.length; i++) ids[i] = interner.id(tokens[i].text);
	return { exact: text.normalize('NFC').trim(), norm, tokens, ids };
}

/**
 * Levenshtein distance between two token sequences, or null when it is above `limit`: only a
 * band of 2·limit+1 cells a row is filled, so a strict threshold makes the comparison cheap.
 */
export function tokenDistance(a: Int32Array, b: Int32Array, limit: number): number | null {
	if (a.length < b.length) [a, b] = [b, a];
	const n = a.length;
	const m = b.length;
	if (n - m > limit) return null;
	if (m === 0) return n;
	const inf = limit + 1;
	let prev = new Int32Array(m + 1);
	let curr = new Int32Array(m + 1);
	for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : inf;
	for (let i = 1; i <= n; i++) {
		const from = Math.max(1, i - limit);
		const to = Math.min(m, i + limit);
		curr[from - 1] = from === 1 && i <= limit ? i : inf;
		let best = curr[from - 1];
		const ai = a[i - 1];
		for (let j = from; j <= to; j++) {
			const cost = ai === b[j - 1] ? 0 : 1;
			let v = prev[j - 1] + cost;
			const del = prev[j] + 1;
			if (del < v) v = del;
			const ins = curr[j - 1] + 1;
			if (ins < v) v = ins;
			if (v > inf) v = inf;
			curr[j] = v;
			if (v < best) best = v;
		}
		if (to < m) curr[to + 1] = inf;
		if (best > limit) return null;
		[prev, curr] = [curr, prev];
	}
	const d = prev[m];
	return d > limit ? null : d;
}

/** The fuzzy score for an edit distance d between sources of n and m tokens. */
export function fuzzyScore(d: number, n: number, m: number): number {
	const longest = Math.max(n, m);
	if (longest === 0) return 0;
	return Math.min(FUZZY_CAP, Math.floor((100 * (longest - d)) / longest));
}

/** The largest distance that still scores `minScore` for sources of n and m tokens. */
export function distanceLimit(n: number, m: number, minScore: number): number {
	const longest = Math.max(n, m);
	return Math.floor((longest * (100 - minScore)) / 100);
}

export interface ScoreOptions {
	minScore: number;
	/** Formatting of each source (marks), compared for 100 against 99. */
	sameFormatting?: boolean;
}

/** The score of `unit` against `query`, or null below `minScore`. Context (101) is the caller's: it needs the neighbours. */
export function score(query: Prepared, unit: Prepared, { minScore, sameFormatting = true }: ScoreOptions): number | null {
	if (query.exact === unit.exact) return sameFormatting ? EXACT_SCORE : FOLDED_SCORE;
	if (sameTokens(query.ids, unit.ids)) return FOLDED_SCORE >= minScore ? FOLDED_SCORE : null;
	const n = query.ids.length;
	const m = unit.ids.length;
	const d = tokenDistance(query.ids, unit.ids, distanceLimit(n, m, minScore));
	if (d === null) return null;
	const s = fuzzyScore(Math.max(d, 1), n, m);
	return s >= minScore ? s : null;
}

function sameTokens(a: Int32Array, b: Int32Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** The shortest and longest unit source (in tokens) that can score `minScore` against n tokens. */
export function lengthWindow(n: number, minScore: number): { min: number; max: number } {
	if (minScore <= 0) return { min: 0, max: Number.MAX_SAFE_INTEGER };
	return { min: Math.ceil((n * minScore) / 100), max: Math.floor((n * 100) / minScore) };
}
