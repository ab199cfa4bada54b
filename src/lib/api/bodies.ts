import type { z } from 'zod';
import type { memberInputSchema, projectInputSchema } from '../validation';
import type { ImportFormat } from '../import/upload';
import type { Block } from '../import/model';
import type { ReviewReason } from '../review/transitions';
import type { TermStatus } from '../glossary/types';

// What the API's routes accept: the input types of their schemas where a shared schema exists,
// declared here (once) where the schema still lives inside its route.

export type ProjectInput = z.input<typeof projectInputSchema>;
export type MemberInput = z.input<typeof memberInputSchema>;
/** POST /projects/{id}/documents: texts in `format`, split into segments by the server (src/lib/import/input.ts readApiImport). */
export interface DocumentInput {
	title: string;
	source: string;
	translation?: string | null;
	format?: ImportFormat;
	idempotencyKey?: string;
}

/** `PUT /segments/{id}`: `text` (plain) or `content` (one paragraph or heading), on top of `baseRevisionId`. */
export interface SaveInput {
	baseRevisionId: number | null;
	text?: string;
	content?: Block;
	secondsSpent?: number;
	/** An owner's edit in review (a reviewer's always is): the segment stays in review, as a tracked change. */
	review?: boolean;
	/** Confirm the saved revision as done, in the same transaction (Ctrl+Enter on an edited segment). */
	confirm?: boolean;
}

/** `PUT /documents/{id}/assignment`: omitted fields stay as they are, null clears one. */
export interface AssignmentInput {
	translatorId?: number | null;
	reviewerId?: number | null;
	/** A day, YYYY-MM-DD. */
	dueDate?: string | null;
}

export interface RestoreInput {
	revisionId: number;
	baseRevisionId: number | null;
}

export interface SubmitInput {
	note?: string;
	/** "Confirm all and submit": the segments not yet confirmed are confirmed and sent too. */
	includeUnconfirmed?: boolean;
}
/** `POST /segments/{id}/confirm`: the revision confirmed as done, which must be the current one. */
export interface ConfirmInput {
	revisionId: number;
}

/** The revision the reviewer read. */
export interface ApproveInput {
	revisionId: number;
}

export interface RejectInput {
	revisionId: number;
	reason: ReviewReason;
	/** Required with reason `other`. */
	comment?: string;
}

export interface CommentInput {
	body: string;
}

/** Without `ids`, every notification of the caller. */
export interface MarkReadInput {
	ids?: number[];
}

/** `POST /segments/{id}/qa/ignores`: the finding as QA reported it, and why it does not apply. */
export interface QaIgnoreInput {
	check: string;
	message: string;
	reason: string;
}

/** `PUT /projects/{id}/qa`: a level per check id; a check not named keeps its default. */
export interface QaLevelsInput {
	severities: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

/** `POST /projects/{id}/glossary`; `target` may be empty for do_not_translate (it is the source term). */
export interface GlossaryEntryInput {
	source: string;
	target?: string;
	status?: TermStatus;
	caseSensitive?: boolean;
	partOfSpeech?: string | null;
	note?: string | null;
}
