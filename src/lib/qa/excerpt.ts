import type { Span } from './types';

// What a list of QA issues shows of a segment: the flagged stretch with a little text either side.

// Characters of context on each side of a flagged span.
const CONTEXT = 60;

/** A window of a text around a span: the parts before, in and after it, with "…" where cut. */
export interface Excerpt {
	before: string;
	flagged: string;
	after: string;
}

export function excerpt(text: string, span: Span | undefined): Excerpt {
	if (!span) return { before: text.length > CONTEXT * 2 ? `${text.slice(0, CONTEXT * 2)}…` : text, flagged: '', after: '' };
	const start = Math.max(0, Math.min(span.start, text.length));
	const end = Math.max(start, Math.min(span.end, text.length));
	const from = Math.max(0, start - CONTEXT);
	const to = Math.min(text.length, end + CONTEXT);
	return {
		before: `${from > 0 ? '…' : ''}${text.slice(from, start)}`,
		flagged: text.slice(start, end),
		after: `${text.slice(end, to)}${to < text.length ? '…' : ''}`
	};
}
