import { ApiError, createApiClient, failureMessage, isConflict } from '../api';
import type { ConcordanceJson, MatchJson, MtErrorJson, MtMatchJson } from '../api';
import type { ConfirmationJson, ConfirmedJson, CurrentVersionJson, HistoryJson, RevisionJson, SavedJson, SaveInput, SegmentNowJson } from '../api';

// The workspace's calls to the JSON API through the typed client, with the browser's session
// cookie. Every failure comes back as a value the page can show; nothing here throws.

export type { ConfirmationJson, CurrentVersionJson, RevisionJson, SegmentNowJson };

export type SaveOutcome =
	| { ok: true; unchanged: boolean; segment: SegmentNowJson }
	/** 409: `conflict` is the version that won, `segment` the row as the server holds it now. */
	| { ok: false; conflict: CurrentVersionJson; segment: SegmentNowJson; message: string }
	/** `retryable`: the server could not take it for now (unreachable, 502–504): the same save may be sent again later. */
	| { ok: false; conflict?: undefined; segment?: undefined; message: string; retryable: boolean };

export type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

const OFFLINE = 'The server could not be reached. Your edit is kept in this browser; try again in a moment.';
const OFFLINE_READ = 'The server could not be reached. Try again in a moment.';

// The global fetch at call time (not a reference kept from import), as the browser has it.
const api = createApiClient((url, init) => fetch(url, init));

function errorMessage(e: ApiError, offline: string): string {
	return failureMessage(e, {
		offline,
		session: 'Your session has ended. Log in again in another tab; your edit is kept in this browser.',
		other: (status) => `The server answered ${status}. Your edit is kept in this browser; try again.`
	});
}

async function saved(call: Promise<SavedJson | ConfirmedJson>): Promise<SaveOutcome> {
	try {
		const answer = await call;
		return { ok: true, unchanged: 'unchanged' in answer ? answer.unchanged : answer.alreadyConfirmed, segment: answer.segment };
	} catch (e) {
		if (isConflict(e)) return { ok: false, conflict: e.body!.current, segment: e.body!.segment, message: e.message };
		if (e instanceof ApiError) return { ok: false, message: errorMessage(e, OFFLINE), retryable: e.status === 0 || (e.status >= 502 && e.status <= 504) };
		throw e;
	}
}

async function read<T extends object>(call: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, ...(await call) };
	} catch (e) {
		if (e instanceof ApiError) return { ok: false, message: errorMessage(e, OFFLINE_READ) };
		throw e;
	}
}

export function saveSegment(
	segmentId: number,
	/** `review`: an owner's or reviewer's edit of a segment in review (it stays in review, as a tracked change). */
	body: Required<Pick<SaveInput, 'baseRevisionId' | 'content' | 'secondsSpent'>> & Pick<SaveInput, 'review' | 'confirm'>
): Promise<SaveOutcome> {
	return saved(api.segments.save(segmentId, body));
}

export function restoreRevision(segmentId: number, revisionId: number, baseRevisionId: number | null): Promise<SaveOutcome> {
	return saved(api.segments.restore(segmentId, { revisionId, baseRevisionId }));
}

/** Confirms the segment's current revision as done; `unchanged` when it already was. A 409 is a conflict, as a save's. */
export function confirmSegment(segmentId: number, revisionId: number): Promise<SaveOutcome> {
	return saved(api.segments.confirm(segmentId, { revisionId }));
}

/** The segment as the server holds it now. */
export function getSegment(segmentId: number): Promise<Outcome<{ segment: SegmentNowJson }>> {
	return read(api.segments.get(segmentId));
}

/** Newest first, with the confirmations made on them. */
export function listRevisions(segmentId: number): Promise<Outcome<HistoryJson>> {
	return read(api.segments.revisions(segmentId));
}

/** The translation memory's matches for the segment, best first. */
export function listMatches(segmentId: number): Promise<Outcome<{ minScore: number; matches: MatchJson[] }>> {
	return read(api.tm.memoryMatches(segmentId));
}

/** The project's engine's translation of the segment, fetched beside the memory's matches so that it never delays them. */
export function mtSuggestion(segmentId: number): Promise<Outcome<{ matches: MtMatchJson[]; mtError?: MtErrorJson }>> {
	return read(api.tm.mtSuggestion(segmentId));
}

/** Concordance: units holding the phrase, newest first, and whether older ones hold it too. */
export function searchMemory(projectId: number, q: string): Promise<Outcome<{ results: ConcordanceJson[]; more: boolean }>> {
	return read(api.tm.search(projectId, q));
}

/** Starts the document's pre-translation, or finds the one already queued or running. */
export function startPretranslation(documentId: number): Promise<Outcome<{ jobId: number; created: boolean }>> {
	return read(api.documents.pretranslate(documentId));
}
