import type { QaFinding, Severity } from './types';

// Checks that look at more than one segment: the same source sentence translated two ways in a
// document, or differently from the project's other documents. Pure: the server hands in the
// segments and the other documents' renditions it read.

/** What a document-level check needs of a segment: its position and texts. */
export interface ConsistencySegment {
	position: number;
	source: string;
	target: string;
}

/** A rendition of a source text in another document of the project. */
export interface ProjectRendition {
	source: string;
	target: string;
	documentTitle: string;
}

export interface DocumentFinding extends QaFinding {
	/** Index, in the segments given, of the segment the finding is about. */
	segment: number;
}

/** The document-level checks, as CHECKS lists the per-segment ones: ids, default severities, labels. */
export const DOCUMENT_CHECKS = [
	{ id: 'consistency', severity: 'warning', label: 'Consistency' },
	{ id: 'glossary-consistency', severity: 'warning', label: 'Glossary consistency' }
] as const satisfies readonly { id: string; severity: Severity; label: string }[];

// Whitespace and letter case are other checks' business; only the words decide "the same".
const key = (text: string) => text.trim().replace(/\s+/gu, ' ');
function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
const quote = (text: string, max = 80) => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;

/**
 * The same source translated differently within the document (the segments whose rendition is
 * not the one most of them use), and differently from every rendition the project's other
 * documents have of it. Segments without a target or a source are left to the other checks.
 */
export function consistencyFindings(segments: readonly ConsistencySegment[], elsewhere: readonly ProjectRendition[] = []): DocumentFinding[] {
	const findings: DocumentFinding[] = [];
	const bySource = new Map<string, number[]>();
	segments.forEach((s, i) => {
		const source = key(s.source);
		if (!source || !key(s.target)) return;
		add(bySource, source, i);
	});

	for (const indexes of bySource.values()) {
		const byTarget = new Map<string, number[]>();
		for (const i of indexes) add(byTarget, key(segments[i].target), i);
		if (byTarget.size < 2) continue;
		// The most used rendition wins; on a tie, the one that comes first in the document.
		const ranked = [...byTarget.values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
		const usual = ranked[0];
		for (const list of ranked.slice(1)) {
			for (const i of list) {
				findings.push({
					segment: i,
					message: `The same source is translated differently in segment ${segments[usual[0]].position}: ${quote(key(segments[usual[0]].target))} — make them agree, or ignore this if the context differs.`
				});
			}
		}
	}

	const others = new Map<string, ProjectRendition[]>();
	for (const r of elsewhere) {
		const source = key(r.source);
		if (source && key(r.target)) add(others, source, r);
	}
	for (const [source, indexes] of bySource) {
		const renditions = others.get(source);
		if (!renditions) continue;
		const known = new Set(renditions.map((r) => key(r.target)));
		for (const i of indexes) {
			if (known.has(key(segments[i].target))) continue;
			const first = renditions[0];
			findings.push({
				segment: i,
				message: `“${first.documentTitle}” translates the same source as ${quote(key(first.target))} — make them agree, or ignore this if the context differs.`
			});
		}
	}
	return findings.sort((a, b) => a.segment - b.segment);
}
