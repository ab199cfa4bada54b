import type { Block } from '../import/model';
import type { GlossaryEntry } from '../glossary/types';

// The shapes every QA check shares. A check is a pure function of one segment (and what the
// context knows about its document and project): it never throws, and it says where the
// problem is so that the editor, the review page and the report can highlight it.

/** `error` blocks publishing; `warning` informs; `info` is a note (e.g. MT left unchanged). */
export type Severity = 'error' | 'warning' | 'info';

/** A range of a segment's plain text (see plainText): UTF-16 offsets, `end` exclusive. */
export interface Span {
	start: number;
	end: number;
}

/** An obvious repair: replace `target` span of the translation with `replacement`. */
export interface QaFix {
	target: Span;
	replacement: string;
	/** What the fix button says, e.g. "Replace with “35,000”". */
	label: string;
}

/** What a check finds; the runner adds the check's id and severity. */
export interface QaFinding {
	/** Says what is wrong and what to do, in a sentence a translator reads at a glance. */
	message: string;
	source?: Span;
	target?: Span;
	fix?: QaFix;
}

export interface QaIssue extends QaFinding {
	check: string;
	severity: Severity;
}

/** One segment as QA sees it: plain texts (hard breaks as '\n') and, when known, the blocks. */
export interface QaSegment {
	source: string;
	target: string;
	/** The machine translation the segment started from, if any. */
	mt?: string | null;
	sourceBlock?: Block;
	targetBlock?: Block;
}

export interface QaContext {
	/** BCP 47 tags, e.g. zh-Hans and en. */
	sourceLang: string;
	targetLang: string;
	glossary?: readonly GlossaryEntry[];
}

export interface QaCheck {
	/** Stable, kebab-case: stored with ignored warnings and used in API answers. */
	id: string;
	/** Its default; a project may change it. */
	severity: Severity;
	/** What the report's filter calls it, e.g. "Numbers". */
	label: string;
	run(segment: QaSegment, context: QaContext): QaFinding[];
}
