import type { CurrentVersion, SaveOutcome, SegmentNow } from '../documents/segments';
import type { ConfirmationEvent, ConfirmOutcome } from '../documents/confirmations';
import { errorJson, revisionListJson } from './json';
import type { RevisionSummary } from '../documents/revisions';

// What the segment routes send: the segment's authoritative state after a save, a restore or a
// conflict, so the browser shows what the server holds instead of working it out.

export const segmentNowJson = (s: SegmentNow) => ({
	id: s.id,
	revisionId: s.revisionId,
	state: s.state,
	text: s.text,
	content: s.content,
	lastEditor: s.lastEditor,
	differsFromMt: s.differsFromMt,
	confirmed: s.confirmed,
	updatedAt: s.updatedAt.toISOString()
});

export const currentVersionJson = (c: CurrentVersion) => ({
	revisionId: c.revisionId,
	text: c.text,
	content: c.content,
	author: c.author,
	createdAt: c.createdAt?.toISOString() ?? null
});

/** 200: the save or restore landed (or changed nothing). */
export const savedJson = (s: Extract<SaveOutcome, { ok: true }>) => ({
	revisionId: s.segment.revisionId!,
	state: s.segment.state,
	unchanged: s.unchanged,
	segment: segmentNowJson(s.segment)
});

/** 409: the segment moved on; `current` is the version that won, `segment` the row as it is now. */
export const conflictJson = (s: Extract<SaveOutcome, { ok: false }>) => ({
	...errorJson('conflict', s.message),
	current: currentVersionJson(s.current),
	segment: segmentNowJson(s.segment)
});

/** 200: the segment is confirmed (`alreadyConfirmed`: it was, and nothing new was recorded). */
export const confirmedJson = (c: Extract<ConfirmOutcome, { ok: true }>) => ({
	alreadyConfirmed: c.alreadyConfirmed,
	segment: segmentNowJson(c.segment)
});

/** A confirmation in a segment's history: who confirmed which revision, when. */
export const confirmationJson = (c: ConfirmationEvent) => ({ revisionId: c.revisionId, by: c.by, at: c.at.toISOString() });

/** A segment's history: its revisions and, as events on them, its confirmations; both newest first. */
export const historyJson = (revisions: RevisionSummary[], confirmations: ConfirmationEvent[]) => ({
	...revisionListJson(revisions),
	confirmations: confirmations.map(confirmationJson)
});

export type SegmentNowJson = ReturnType<typeof segmentNowJson>;
export type CurrentVersionJson = ReturnType<typeof currentVersionJson>;
export type SavedJson = ReturnType<typeof savedJson>;
export type ConflictJson = ReturnType<typeof conflictJson>;
export type ConfirmedJson = ReturnType<typeof confirmedJson>;
export type ConfirmationJson = ReturnType<typeof confirmationJson>;
export type HistoryJson = ReturnType<typeof historyJson>;
