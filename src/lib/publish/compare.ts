import { wordDiff, type WordDiff } from '../diff';
import { plainText, type Block } from '../import/model';

/** What a comparison needs of a published segment. */
export interface VersionSegment {
	segmentId: number;
	target: Block;
}

export interface VersionChange {
	segmentId: number;
	/** Position in the newer version (or the older one, for a segment it no longer has), from 1. */
	position: number;
	/** Null when the page's time budget ran out before this segment: show `before` and `after` plainly. */
	diff: WordDiff | null;
	before: string;
	after: string;
}

export interface CompareOptions {
	locale?: string;
	/** Each segment's diff is bounded on its own… */
	segmentTimeoutMs?: number;
	/** …and the whole comparison has a budget, past which the rest is listed without a diff. */
	budgetMs?: number;
}

/** The segments whose target text differs between two published versions, each with its word diff. */
export function compareVersions(older: readonly VersionSegment[], newer: readonly VersionSegment[], options: CompareOptions = {}): VersionChange[] {
	const { locale, segmentTimeoutMs = 50, budgetMs = 2_000 } = options;
	const before = new Map(older.map((s, i) => [s.segmentId, { text: plainText(s.target), position: i + 1 }]));
	const seen = new Set<number>();
	const pairs: { segmentId: number; position: number; before: string; after: string }[] = [];
	newer.forEach((s, i) => {
		seen.add(s.segmentId);
		const after = plainText(s.target);
		const was = before.get(s.segmentId)?.text ?? '';
		if (was !== after) pairs.push({ segmentId: s.segmentId, position: i + 1, before: was, after });
	});
	for (const [segmentId, was] of before) {
		if (!seen.has(segmentId) && was.text !== '') pairs.push({ segmentId, position: was.position, before: was.text, after: '' });
	}
	pairs.sort((a, b) => a.position - b.position || a.segmentId - b.segmentId);

	const deadline = performance.now() + budgetMs;
	return pairs.map((p) => ({
		...p,
		diff: performance.now() < deadline ? wordDiff(p.before, p.after, { locale, timeoutMs: segmentTimeoutMs }) : null
	}));
}
