import { diffSequences, resolveLimits, type DiffLimits } from './sequence';
import { isCjk, segmentWords, splitGraphemes } from './tokenize';

/** Post-editing figures for one segment; every definition is in docs/post-editing-metrics.md. */
export interface SegmentMetrics {
	mtWords: number;
	finalWords: number;
	/** MT words left unchanged in the final text: a longest common subsequence of the two. */
	wordsKept: number;
	/** finalWords − wordsKept. */
	wordsInserted: number;
	/** mtWords − wordsKept. */
	wordsDeleted: number;
	/** Σ max(deleted, inserted) over each change: a substitution is one edit, as in TER. */
	wordEdits: number;
	/** wordsKept / mtWords; null without MT words. */
	unmodifiedMtShare: number | null;
	/** wordsKept / finalWords: how much of the final text is unmodified MT; null without final words. */
	finalFromMtShare: number | null;
	/** HTER-like: wordEdits / finalWords; null without final words. */
	editRate: number | null;
	/** The final text differs from the MT in any way, punctuation and spacing included. */
	edited: boolean;
	/** False when the texts were too long or too different to align within the limits (see docs). */
	exact: boolean;
}

export interface MetricsOptions {
	locale?: string;
	limits?: Partial<DiffLimits>;
}

/**
 * The units the metrics count: the Segmenter's word-like tokens, with any token containing Han or
 * kana split into its characters (as Content Translation does, and as Chinese and Japanese word
 * counts are usually made). Spaces, punctuation and emoji are not units.
 */
export function metricWords(text: string, locale?: string): string[] {
	const words: string[] = [];
	for (const token of segmentWords(text, locale)) {
		if (!token.isWord) continue;
		if (isCjk(token.text)) words.push(...splitGraphemes(token.text));
		else words.push(token.text);
	}
	return words;
}

/** Figures for one segment; `mtText` null means the segment had no machine translation. */
export function postEditMetrics(mtText: string | null, finalText: string, options: MetricsOptions = {}): SegmentMetrics {
	const limits = resolveLimits(options.limits);
	const mt = metricWords(mtText ?? '', options.locale);
	const final = metricWords(finalText, options.locale);
	const alignment = alignWords(mt, final, limits);
	const { kept, edits } = alignment ?? estimateWithoutAlignment(mt, final);
	return {
		mtWords: mt.length,
		finalWords: final.length,
		wordsKept: kept,
		wordsInserted: final.length - kept,
		wordsDeleted: mt.length - kept,
		wordEdits: edits,
		unmodifiedMtShare: mt.length > 0 ? kept / mt.length : null,
		finalFromMtShare: final.length > 0 ? kept / final.length : null,
		editRate: final.length > 0 ? edits / final.length : null,
		edited: finalText !== (mtText ?? ''),
		exact: alignment !== null
	};
}

function alignWords(mt: string[], final: string[], limits: DiffLimits): { kept: number; edits: number } | null {
	if (mt.length > limits.maxTokens || final.length > limits.maxTokens) return null;
	const runs = diffSequences(mt, final, limits);
	if (!runs) return null;
	let kept = 0;
	let edits = 0;
	let deleted = 0;
	let inserted = 0;
	for (const run of runs) {
		if (run.op === 'equal') {
			edits += Math.max(deleted, inserted);
			deleted = inserted = 0;
			kept += run.items.length;
		} else if (run.op === 'delete') deleted += run.items.length;
		else inserted += run.items.length;
	}
	edits += Math.max(deleted, inserted);
	return { kept, edits };
}

/**
 * When no alignment could be afforded: words in common counted as a multiset, an upper bound of
 * the common subsequence, so the unmodified-MT share errs high (a publish gate stays safe).
 */
function estimateWithoutAlignment(mt: string[], final: string[]): { kept: number; edits: number } {
	const available = new Map<string, number>();
	for (const word of mt) available.set(word, (available.get(word) ?? 0) + 1);
	let kept = 0;
	for (const word of final) {
		const left = available.get(word) ?? 0;
		if (left > 0) {
			available.set(word, left - 1);
			kept++;
		}
	}
	return { kept, edits: Math.max(mt.length - kept, final.length - kept) };
}

export interface MetricsSegment {
	mt: string | null;
	final: string;
	secondsSpent: number;
}

export interface DocumentMetrics {
	segmentCount: number;
	/** Segments with MT that has any non-whitespace text. */
	segmentsWithMt: number;
	/** Segments whose final text is empty or whitespace. */
	untranslatedSegments: number;
	/** Segments whose final text differs from their MT (no MT counts as empty MT). */
	editedSegments: number;
	/** Segments with MT whose final text is exactly that MT. */
	uneditedSegments: number;
	mtWords: number;
	finalWords: number;
	wordsKept: number;
	wordsInserted: number;
	wordsDeleted: number;
	wordEdits: number;
	/** Σ wordsKept / Σ mtWords: per-segment shares weighted by MT words. */
	unmodifiedMtShare: number | null;
	/** Σ wordsKept / Σ finalWords. */
	finalFromMtShare: number | null;
	/** Σ wordEdits / Σ finalWords. */
	editRate: number | null;
	secondsSpent: number;
	/** Final words of the segments that have recorded time. */
	timedWords: number;
	/** secondsSpent / timedWords. */
	secondsPerWord: number | null;
	exact: boolean;
	perSegment: SegmentMetrics[];
}

/** Totals and weighted shares for a document, from its segments in any order. */
/** The most edit time one segment can count for: a year, far above any real figure. */
export const MAX_SEGMENT_SECONDS = 365 * 24 * 3600;

export function documentMetrics(segments: readonly MetricsSegment[], options: MetricsOptions = {}): DocumentMetrics {
	const totals = {
		segmentsWithMt: 0,
		untranslatedSegments: 0,
		editedSegments: 0,
		uneditedSegments: 0,
		mtWords: 0,
		finalWords: 0,
		wordsKept: 0,
		wordsInserted: 0,
		wordsDeleted: 0,
		wordEdits: 0,
		secondsSpent: 0,
		timedWords: 0
	};
	let exact = true;
	const perSegment: SegmentMetrics[] = [];
	for (const segment of segments) {
		const m = postEditMetrics(segment.mt, segment.final, options);
		perSegment.push(m);
		const hasMt = segment.mt !== null && /\S/u.test(segment.mt);
		if (hasMt) totals.segmentsWithMt++;
		if (!/\S/u.test(segment.final)) totals.untranslatedSegments++;
		if (m.edited) totals.editedSegments++;
		else if (hasMt) totals.uneditedSegments++;
		totals.mtWords += m.mtWords;
		totals.finalWords += m.finalWords;
		totals.wordsKept += m.wordsKept;
		totals.wordsInserted += m.wordsInserted;
		totals.wordsDeleted += m.wordsDeleted;
		totals.wordEdits += m.wordEdits;
		// Whole seconds, as revisions store them, capped so a bogus figure cannot overflow the sum.
		const seconds = Number.isFinite(segment.secondsSpent) ? Math.min(Math.max(Math.round(segment.secondsSpent), 0), MAX_SEGMENT_SECONDS) : 0;
		if (seconds > 0) {
			totals.secondsSpent += seconds;
			totals.timedWords += m.finalWords;
		}
		exact &&= m.exact;
	}
	return {
		segmentCount: segments.length,
		...totals,
		unmodifiedMtShare: totals.mtWords > 0 ? totals.wordsKept / totals.mtWords : null,
		finalFromMtShare: totals.finalWords > 0 ? totals.wordsKept / totals.finalWords : null,
		editRate: totals.finalWords > 0 ? totals.wordEdits / totals.finalWords : null,
		secondsPerWord: totals.timedWords > 0 ? totals.secondsSpent / totals.timedWords : null,
		exact,
		perSegment
	};
}
