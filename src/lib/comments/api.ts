import { call } from '../editor/api';
import type { ReviewReason } from '../review/transitions';

// Comment threads from the browser, with the session cookie. Failures come back
// as values with a message to show; nothing here throws.

export interface CommentJson {
	id: number;
	authorId: number | null;
	author: string | null;
	body: string;
	reviewId: number | null;
	reason: ReviewReason | null;
	createdAt: string;
	resolvedAt: string | null;
	resolvedBy: string | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

async function request<T>(method: string, url: string, expected: number, body?: unknown): Promise<Outcome<T>> {
	const result = await call(method, url, body);
	if (!result) return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
	if (result.status === expected) return { ok: true, value: result.json as T };
	const message = (result.json as { error?: { message?: unknown } } | null)?.error?.message;
	if (typeof message === 'string') return { ok: false, message };
	if (result.status === 401) return { ok: false, message: 'Your session has ended. Log in again in another tab.' };
	return { ok: false, message: `The server answered ${result.status}. Try again.` };
}

export async function listComments(segmentId: number): Promise<Outcome<CommentJson[]>> {
	const result = await request<{ comments: CommentJson[] }>('GET', `/api/v1/segments/${segmentId}/comments`, 200);
	return result.ok ? { ok: true, value: result.value.comments } : result;
}

export function addComment(segmentId: number, body: string): Promise<Outcome<CommentJson>> {
	return request('POST', `/api/v1/segments/${segmentId}/comments`, 201, { body });
}

export function resolveThread(segmentId: number): Promise<Outcome<{ resolved: number }>> {
	return request('POST', `/api/v1/segments/${segmentId}/comments/resolve`, 200, {});
}
