import type { Inline, Mark } from '../import/model';
import type { Span } from '../qa/types';

// A block's inline content cut where highlighted spans (plain-text offsets, hard breaks as one
// '\n') begin and end, so a view can wrap each highlighted piece without losing marks.

export type Piece = { kind: 'break' } | { kind: 'text'; text: string; marks: Mark[]; span: number | null };

/** `spans` must not overlap (the glossary matcher keeps the longest of overlapping terms). */
export function splitBySpans(content: readonly Inline[], spans: readonly Span[]): Piece[] {
	const pieces: Piece[] = [];
	let offset = 0;
	for (const node of content) {
		if (node.type !== 'text') {
			pieces.push({ kind: 'break' });
			offset += 1;
			continue;
		}
		const end = offset + node.text.length;
		let at = offset;
		const marks = node.marks ?? [];
		const cut = (to: number, span: number | null) => {
			if (to > at) pieces.push({ kind: 'text', text: node.text.slice(at - offset, to - offset), marks, span });
			at = to;
		};
		spans.forEach((span, index) => {
			if (span.end <= at || span.start >= end) return;
			cut(Math.max(at, span.start), null);
			cut(Math.min(end, span.end), index);
		});
		cut(end, null);
		offset = end;
	}
	return pieces;
}
