import type { Block } from '../import/model';
import type { revisionJson } from '../server/http/json';
import type { ConflictJson, CurrentVersionJson, SavedJson, SegmentNowJson } from '../server/http/segment-json';

// The workspace's calls to the JSON API, with the browser's session cookie. Every failure comes
// back as a value the page can show; nothing here throws. The shapes are the server's serialisers'.

export type { CurrentVersionJson, SegmentNowJson };
export type RevisionJson = ReturnType<typeof revisionJson>;

export type SaveOutcome =
	| { ok: true; unchanged: boolean; segment: SegmentNowJson }
	/** 409: `conflict` is the version that won, `segment` the row as the server holds it now. */
	| { ok: false; conflict: CurrentVersionJson; segment: SegmentNowJson; message: string }
	| { ok: false; conflict?: undefined; segment?: undefined; message: string };

const OFFLINE = 'The server could not be reached. Your edit is kept in this browser; try again in a moment.';

/** A same-origin JSON call with the session cookie; null when the server could not be reached. */
export async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown } | null> {
	try {
		const response = await fetch(url, {
			method,
			headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json: unknown = await response.json().catch(() => null);
		return { status: response.status, json };
	} catch {
		return null;
	}
}

function errorMessage(json: unknown, status: number): string {
	const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
	if (typeof message === 'string') return message;
	if (status === 401) return 'Your session has ended. Log in again in another tab; your edit is kept in this browser.';
	return `The server answered ${status}. Your edit is kept in this browser; try again.`;
}

function outcome(result: { status: number; json: unknown } | null): SaveOutcome {
	if (!result) return { ok: false, message: OFFLINE };
	const { status, json } = result;
	if (status === 200) {
		const saved = json as SavedJson;
		return { ok: true, unchanged: saved.unchanged, segment: saved.segment };
	}
	if (status === 409 && (json as Partial<ConflictJson> | null)?.current) {
		const body = json as ConflictJson;
		return { ok: false, conflict: body.current, segment: body.segment, message: body.error.message };
	}
	return { ok: false, message: errorMessage(json, status) };
}

export async function saveSegment(
	segmentId: number,
	/** `review`: an owner's or reviewer's edit of a segment in review (it stays in review, as a tracked change). */
	body: { baseRevisionId: number | null; content: Block; secondsSpent: number; review?: boolean }
): Promise<SaveOutcome> {
	return outcome(await call('PUT', `/api/v1/segments/${segmentId}`, body));
}

export async function restoreRevision(segmentId: number, revisionId: number, baseRevisionId: number | null): Promise<SaveOutcome> {
	return outcome(await call('POST', `/api/v1/segments/${segmentId}/restore`, { revisionId, baseRevisionId }));
}

/** The segment as the server holds it now. */
export async function getSegment(segmentId: number): Promise<{ ok: true; segment: SegmentNowJson } | { ok: false; message: string }> {
	const result = await call('GET', `/api/v1/segments/${segmentId}`);
	if (!result) return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
	if (result.status !== 200) return { ok: false, message: errorMessage(result.json, result.status) };
	return { ok: true, segment: (result.json as { segment: SegmentNowJson }).segment };
}

/** Newest first. */
export async function listRevisions(segmentId: number): Promise<{ ok: true; revisions: RevisionJson[] } | { ok: false; message: string }> {
	const result = await call('GET', `/api/v1/segments/${segmentId}/revisions`);
	if (!result) return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
	if (result.status !== 200) return { ok: false, message: errorMessage(result.json, result.status) };
	return { ok: true, revisions: (result.json as { revisions: RevisionJson[] }).revisions };
}
