import type { GlossaryMatcher } from '../glossary/match';
import type { GlossaryEntry } from '../glossary/types';
import type { Span } from '../qa/types';

// Glossary terms found in a segment's source, shaped for the source column: where each is, what
// clicking it inserts, and what a tooltip and a screen reader say about it.

export type TermKind = 'approved' | 'keep' | 'avoid';

export interface SourceTerm {
	span: Span;
	/** What a click inserts in the translation; null for a term that has only forbidden renditions. */
	insert: string | null;
	/** 1-based among the segment's insertable terms (Ctrl+Shift+n inserts it); null past 9 or when nothing to insert. */
	number: number | null;
	kind: TermKind;
	/** Every rendition with its status, and the note: the tooltip and the accessible description. */
	description: string;
}

const STATUS_WORDS: Record<GlossaryEntry['status'], string> = {
	preferred: 'preferred',
	admitted: 'admitted',
	deprecated: 'deprecated, avoid',
	forbidden: 'forbidden',
	do_not_translate: 'do not translate'
};

const RANK: Record<GlossaryEntry['status'], number> = { preferred: 0, do_not_translate: 1, admitted: 2, deprecated: 3, forbidden: 4 };

function describe(source: string, entries: readonly GlossaryEntry[]): string {
	const renditions = entries.map((e) => (e.status === 'do_not_translate' ? `keep “${source}” as it is` : `“${e.target}” (${STATUS_WORDS[e.status]})`));
	const notes = entries.map((e) => e.note).filter((n): n is string => !!n);
	return [`${source}: ${renditions.join('; ')}.`, ...notes].join(' ');
}

/** The source's terms in reading order; where entries share a span, the best rendition is inserted. */
export function sourceTerms(matcher: GlossaryMatcher, text: string, lang: string): SourceTerm[] {
	const bySpan = new Map<string, { span: Span; entries: GlossaryEntry[] }>();
	for (const match of matcher.find(text, 'source', lang)) {
		const key = `${match.span.start}:${match.span.end}`;
		const group = bySpan.get(key) ?? { span: match.span, entries: [] };
		group.entries.push(match.entry);
		bySpan.set(key, group);
	}
	const numbers = new Map<string, number>();
	const terms: SourceTerm[] = [];
	for (const { span, entries } of bySpan.values()) {
		const ranked = [...entries].sort((a, b) => RANK[a.status] - RANK[b.status]);
		const best = ranked[0];
		const source = text.slice(span.start, span.end);
		const kind: TermKind = best.status === 'do_not_translate' ? 'keep' : best.status === 'preferred' || best.status === 'admitted' ? 'approved' : 'avoid';
		const insert = kind === 'avoid' ? null : kind === 'keep' ? source : best.target;
		let number: number | null = null;
		if (insert !== null) {
			if (!numbers.has(insert) && numbers.size < 9) numbers.set(insert, numbers.size + 1);
			number = numbers.get(insert) ?? null;
		}
		terms.push({ span, insert, number, kind, description: describe(source, ranked) });
	}
	return terms.sort((a, b) => a.span.start - b.span.start);
}

/** The term Ctrl+Shift+n inserts. */
export function numberedTerm(terms: readonly SourceTerm[], n: number): string | null {
	return terms.find((t) => t.number === n)?.insert ?? null;
}
