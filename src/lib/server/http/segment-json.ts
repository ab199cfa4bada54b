import type { CurrentVersion, SaveOutcome, SegmentNow } from '../documents/segments';
import { errorJson } from './json';

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

export type SegmentNowJson = ReturnType<typeof segmentNowJson>;
export type CurrentVersionJson = ReturnType<typeof currentVersionJson>;
export type SavedJson = ReturnType<typeof savedJson>;
export type ConflictJson = ReturnType<typeof conflictJson>;
