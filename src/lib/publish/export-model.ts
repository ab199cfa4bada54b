import { plainText, type Block } from '../import/model';

// What every export format is made from: a published version (every segment approved) or the
// document as it is now (each segment's current text and its workflow state).

export type ExportState = 'untranslated' | 'mt' | 'edited' | 'submitted' | 'changes_requested' | 'approved';

export interface ExportSegment {
	position: number;
	segmentId: number;
	/** The revision exported; null for an untranslated segment. */
	revisionId: number | null;
	state: ExportState;
	source: Block;
	/** Null when the segment has no translation yet. */
	target: Block | null;
}

export interface ExportDocument {
	title: string;
	/** The published version, or null for the current state. */
	version: number | null;
	sourceLang: string;
	targetLang: string;
	segments: ExportSegment[];
}

export const targetText = (segment: ExportSegment): string => (segment.target ? plainText(segment.target) : '');
