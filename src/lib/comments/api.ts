import { ApiError, createApiClient, failureMessage } from '../api';
import type { CommentJson } from '../api';

// Comment threads from the browser, with the session cookie. Every failure to get an answer
// comes back as a value with a message to show.

export type { CommentJson };

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

// The global fetch at call time (not a reference kept from import), as the browser has it.
const api = createApiClient((url, init) => fetch(url, init));

const TEXTS = {
	offline: 'The server could not be reached. Try again in a moment.',
	session: 'Your session has ended. Log in again in another tab.',
	other: (status: number) => `The server answered ${status}. Try again.`
};

async function outcome<T>(call: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await call };
	} catch (e) {
		if (!(e instanceof ApiError)) throw e;
		return { ok: false, message: failureMessage(e, TEXTS) };
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
