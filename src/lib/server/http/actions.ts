import { fail, type ActionFailure } from '@sveltejs/kit';
import { DomainError, statusOf } from '../errors';

/** A domain refusal as a form action failure the page shows; anything else is unexpected and thrown. */
export function failFrom<T extends Record<string, unknown>>(e: unknown, extra: T): ActionFailure<T & { message: string }> {
	if (e instanceof DomainError) return fail(statusOf[e.code], { ...extra, message: e.message });
	throw e;
}
