import type { Block } from '../import/model';
import type { SegmentState } from '../text/segment-state';

// The workspace's calls to the JSON API, with the browser's session cookie. Every failure comes
// back as a value the page can show; nothing here throws.

export interface CurrentVersionJson {
	revisionId: number | null;
	text: string;
	content: Block | null;
	author: string | null;
	createdAt: string | null;
}

export interface RevisionJson {
	id: number;
	parentId: number | null;
	origin: 'mt' | 'human' | 'restore';
	author: string | null;
	text: string;
	content: Block;
	wordsInserted: number;
	wordsDeleted: number;
	secondsSpent: number;
	createdAt: string;
}

export type SaveOutcome =
	| { ok: true; revisionId: number; state: SegmentState; unchanged: boolean }
	| { ok: false; conflict: CurrentVersionJson; message: string }
	| { ok: false; conflict?: undefined; message: string };

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
	if (status === 200) return { ok: true, ...(json as { revisionId: number; state: SegmentState; unchanged: boolean }) };
	if (status === 409) {
		const body = json as { current: CurrentVersionJson };
		return { ok: false, conflict: body.current, message: errorMessage(json, status) };
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

/** Newest first. */
export async function listRevisions(segmentId: number): Promise<{ ok: true; revisions: RevisionJson[] } | { ok: false; message: string }> {
	const result = await call('GET', `/api/v1/segments/${segmentId}/revisions`);
	if (!result) return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
	if (result.status !== 200) return { ok: false, message: errorMessage(result.json, result.status) };
	return { ok: true, revisions: (result.json as { revisions: RevisionJson[] }).revisions };
}
