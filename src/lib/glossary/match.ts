import type { GlossaryEntry } from './types';
import type { Span } from '../qa/types';
import { primaryLanguage } from '../text/languages';

// Finds glossary terms in a segment's plain text. Chinese and Japanese have no spaces between
// words, so a term in those scripts is any occurrence; a Latin-script term must stand on its own
// ("project" is not in "projector") and may carry an English plural or possessive ending.
// Terms sit in a trie so that a 5,000-entry glossary costs a walk of a few characters per
// position of the text, not a regular expression per entry.

export type GlossarySide = 'source' | 'target';

export interface TermMatch {
	entry: GlossaryEntry;
	span: Span;
	/** The English ending the text added to the term (s, es, ies, 's…), so a fix can keep it. */
	ending: string;
}

interface CompiledTerm {
	pattern: string;
	/** Matched against the case-folded text, unless the entry is case-sensitive. */
	folded: boolean;
	/** Built on first use: most terms of a large glossary never occur in a given document. */
	regex?: RegExp;
	entries: GlossaryEntry[];
	/** Latin terms must start at a word start. */
	bounded: boolean;
	/** …and end at a word end. */
	endBounded: boolean;
}

/**
 * A trie over term keys: walking it along the text costs the length of the longest match, not the
 * glossary's size. Its edges sit in one map keyed by (node, UTF-16 unit) rather than a map per
 * node: a 5,000-term glossary makes tens of thousands of nodes, and a browser tab building one
 * Map for each spends more time collecting them than matching.
 */
interface SideIndex {
	/** node × 65,536 + unit → child node; the root is node 0. */
	edges: Map<number, number>;
	/** The terms whose key ends at a node. */
	terms: Map<number, CompiledTerm[]>;
	nodes: number;
	byTerm: Map<string, CompiledTerm>;
	/** How many of the entries are indexed: a page builds the index a slice at a time. */
	next: number;
	/** The last text matched and what was found: the editor checks one segment's source on every keystroke. */
	last?: { text: string; found: readonly TermMatch[] };
}

/** A term found at a span; each of its entries becomes a TermMatch once overlaps are settled. */
interface Hit {
	term: CompiledTerm;
	span: Span;
	ending: string;
}

const NO_TERMS: readonly CompiledTerm[] = [];

const EDGE = 0x10000;

export interface GlossaryMatcher {
	/** The terms in `text`, in order. The same text twice in a row gives the same array: do not change it. */
	find(text: string, side: GlossarySide, lang?: string): readonly TermMatch[];
	/**
	 * Indexes the glossary for a side until `enough()` answers true; true once the index is whole.
	 * Lets a page spread the work over idle moments; `find` finishes whatever is left.
	 */
	prepare(side: GlossarySide, lang: string | undefined, enough: () => boolean): boolean;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
// Han and kana are letters to Unicode but sit against Latin words without a space (关注WeChat).
const WORD_CHAR = /(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}]/u;

/** Trims and collapses whitespace: glossaries are typed by hand and copied from documents. */
export function normalizeTerm(term: string): string {
	return term.trim().replace(/\s+/gu, ' ');
}

// A term's key is as much of it as is sure to appear verbatim (case folded, any whitespace run
// read as one space) in a match: all of it but an ending that inflection may change (city →
// cities); for a CJK term, which may match without its spaces, up to its first space.
function keyOf(term: string, inflect: boolean): string {
	const folded = foldCase(term);
	if (CJK.test(term)) return folded.split(' ')[0];
	return inflect && folded.length > 1 ? folded.slice(0, -1) : folded;
}

/**
 * Lower case that keeps every UTF-16 offset (İ would otherwise grow), so spans found in the folded
 * text hold in the original. Folding once per text spares V8 compiling thousands of /iu
 * expressions, each of which loads Unicode case tables.
 */
export function foldCase(text: string): string {
	const lower = text.toLowerCase();
	if (lower.length === text.length) return lower;
	let folded = '';
	for (const char of text) {
		const l = char.toLowerCase();
		folded += l.length === char.length ? l : char;
	}
	return folded;
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** English plural and possessive endings on the last word; keeps to what is unambiguous. */
function inflectedTail(word: string): string {
	const possessive = `(?:['’]s|['’])?`;
	if (/[^aeiouAEIOU\s]y$/u.test(word)) {
		return `${escapeRegex(word.slice(0, -1))}(y${possessive}|ies${possessive})`;
	}
	return `${escapeRegex(word)}((?:e?s)?${possessive})`;
}

// Word boundaries are checked outside the per-term expressions, which are plain (no /u, no /i):
// a Unicode property class or case folding costs V8 a fraction of a millisecond per expression.
function compileTerm(original: string, caseSensitive: boolean, inflect: boolean): Omit<CompiledTerm, 'entries'> {
	const term = caseSensitive ? original : foldCase(original);
	const folded = !caseSensitive;
	if (CJK.test(term)) {
		return { pattern: `${term.split(' ').map(escapeRegex).join('\\s*')}()`, folded, bounded: false, endBounded: false };
	}
	const words = term.split(' ');
	const last = words[words.length - 1];
	const endsInLetter = /\p{L}$/u.test(last);
	const tail = inflect && endsInLetter ? inflectedTail(last) : `${escapeRegex(last)}()`;
	const body = [...words.slice(0, -1).map(escapeRegex), tail].join('\\s+');
	return { pattern: body, folded, bounded: isWordChar(term, 0), endBounded: isWordChar(term, term.length - 1) };
}

function emptyIndex(): SideIndex {
	return { edges: new Map(), terms: new Map(), nodes: 1, byTerm: new Map(), next: 0 };
}

/** Indexes entries from `index.next` on, asking `enough` every few dozen; true when all are in. */
function extendIndex(index: SideIndex, entries: readonly GlossaryEntry[], side: GlossarySide, inflect: boolean, enough: () => boolean): boolean {
	for (; index.next < entries.length; index.next++) {
		if (index.next % 64 === 0 && enough()) return false;
		const entry = entries[index.next];
		const raw = side === 'source' ? entry.source : entry.target;
		if (typeof raw !== 'string') continue;
		const term = normalizeTerm(raw);
		if (!term) continue;
		const caseSensitive = entry.caseSensitive === true;
		const id = `${caseSensitive ? 1 : 0}\u0000${term}`;
		const existing = index.byTerm.get(id);
		if (existing) {
			existing.entries.push(entry);
			continue;
		}
		const compiled: CompiledTerm = { ...compileTerm(term, caseSensitive, inflect), entries: [entry] };
		index.byTerm.set(id, compiled);
		const key = keyOf(term, inflect);
		let node = 0;
		for (let k = 0; k < key.length; k++) {
			const edge = node * EDGE + key.charCodeAt(k);
			let next = index.edges.get(edge);
			if (next === undefined) {
				next = index.nodes++;
				index.edges.set(edge, next);
			}
			node = next;
		}
		const terms = index.terms.get(node);
		if (terms) terms.push(compiled);
		else index.terms.set(node, [compiled]);
	}
	return true;
}

const never = () => false;

/** Whether the character at (or, for a low surrogate, ending at) `index` is a word character. */
function isWordChar(text: string, index: number): boolean {
	if (index < 0 || index >= text.length) return false;
	const unit = text.charCodeAt(index);
	const start = unit >= 0xdc00 && unit <= 0xdfff && index > 0 ? index - 1 : index;
	return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start) ?? unit));
}

function isWordStart(text: string, index: number): boolean {
	return !isWordChar(text, index - 1);
}

/** Only English inflects here; other languages match the term as written. */
function inflects(lang: string | undefined): boolean {
	if (!lang) return true;
	return primaryLanguage(lang) === 'en';
}

function scan(text: string, index: SideIndex): Hit[] {
	const found: Hit[] = [];
	const folded = foldCase(text);
	for (let i = 0; i < text.length; i++) {
		let wordStart: boolean | undefined;
		let node: number | undefined = 0;
		for (let j = i; node !== undefined && j < text.length; j++) {
			let unit = folded.charCodeAt(j);
			if (/\s/.test(folded[j])) {
				while (j + 1 < text.length && /\s/.test(folded[j + 1])) j++;
				unit = 0x20;
			}
			node = index.edges.get(node * EDGE + unit);
			if (node === undefined) break;
			for (const term of index.terms.get(node) ?? NO_TERMS) {
				if (term.bounded && !(wordStart ??= isWordStart(text, i))) continue;
				const regex = (term.regex ??= new RegExp(term.pattern, 'y'));
				regex.lastIndex = i;
				const m = regex.exec(term.folded ? folded : text);
				if (!m) continue;
				const span = { start: i, end: i + m[0].length };
				if (term.endBounded && isWordChar(text, span.end)) continue;
				found.push({ term, span, ending: (m[1] ?? '').replace(/^y/u, '') });
			}
		}
	}
	return found;
}

/**
 * Where terms overlap the longest wins (千万工程 over 千万); terms sharing a span all stay, with
 * every entry they carry. Settled per term, not per entry: a termbase may give one English word
 * to fifty source terms, and fifty entries on a span are one clash to check, not fifty.
 */
function longestFirst(hits: Hit[]): TermMatch[] {
	const ordered = hits.sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start) || a.span.start - b.span.start);
	const kept: Hit[] = [];
	for (const hit of ordered) {
		const clash = kept.some(
			(k) => k.span.start < hit.span.end && hit.span.start < k.span.end && !(k.span.start === hit.span.start && k.span.end === hit.span.end)
		);
		if (!clash) kept.push(hit);
	}
	kept.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
	const matches: TermMatch[] = [];
	for (const hit of kept) for (const entry of hit.term.entries) matches.push({ entry, span: hit.span, ending: hit.ending });
	return matches;
}

export function compileGlossary(entries: readonly GlossaryEntry[]): GlossaryMatcher {
	const indexes = new Map<string, SideIndex>();
	const indexFor = (side: GlossarySide, inflect: boolean) => {
		const id = `${side}:${inflect}`;
		let index = indexes.get(id);
		if (!index) {
			index = emptyIndex();
			indexes.set(id, index);
		}
		return index;
	};
	return {
		find(text, side, lang) {
			if (typeof text !== 'string' || !text) return [];
			const inflect = inflects(lang);
			const index = indexFor(side, inflect);
			if (index.last?.text === text) return index.last.found;
			extendIndex(index, entries, side, inflect, never);
			const found = longestFirst(scan(text, index));
			index.last = { text, found };
			return found;
		},
		prepare(side, lang, enough) {
			const inflect = inflects(lang);
			return extendIndex(indexFor(side, inflect), entries, side, inflect, enough);
		}
	};
}

/** One-off matching; reuse `compileGlossary` across segments. */
export function findTerms(text: string, entries: readonly GlossaryEntry[], side: GlossarySide, lang?: string): readonly TermMatch[] {
	return compileGlossary(entries).find(text, side, lang);
}

/** Gives `term` the ending a matched text carried, so "Ten Thousand Projects" → "Ten Million Projects". */
export function withEnding(term: string, ending: string): string {
	if (!ending) return term;
	const possessive = /['’]s?$/u.exec(ending)?.[0] ?? '';
	const plural = ending.slice(0, ending.length - possessive.length) !== '';
	let result = term;
	if (plural && !/s$/iu.test(term)) {
		if (/[^aeiou]y$/iu.test(term)) result = `${term.slice(0, -1)}ies`;
		else if (/(?:s|x|z|ch|sh)$/iu.test(term)) result = `${term}es`;
		else result = `${term}s`;
	}
	if (possessive) result += plural ? (possessive.startsWith('’') ? '’' : "'") : possessive;
	return result;
}
