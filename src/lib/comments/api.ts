import { ApiError, createApiClient } from '../api';
import type { CommentJson } from '../api';

// Comment threads from the browser, with the session cookie. Every failure to get an answer
// comes back as a value with a message to show.

export type { CommentJson };

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

// The global fetch at call time (not a reference kept from import), as the browser has it.
const api = createApiClient((url, init) => fetch(url, init));

async function outcome<T>(call: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await call };
	} catch (e) {
		if (!(e instanceof ApiError)) throw e;
		if (e.status === 0) return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
		if (e.body) return { ok: false, message: e.message };
		if (e.status === 401) return { ok: false, message: 'Your session has ended. Log in again in another tab.' };
		return { ok: false, message: `The server answered ${e.status}. Try again.` };
	}
}

export async function listComments(segmentId: number): Promise<Outcome<CommentJson[]>> {
	const result = await outcome(api.segments.comments(segmentId));
	return result.ok ? { ok: true, value: result.value.comments } : result;
}

export function addComment(segmentId: number, body: string): Promise<Outcome<CommentJson>> {
	return outcome(api.segments.addComment(segmentId, { body }));
}

export function resolveThread(segmentId: number): Promise<Outcome<{ resolved: number }>> {
	return outcome(api.segments.resolveThread(segmentId));
}
