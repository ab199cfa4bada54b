import { error, fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { DomainError, RateLimited, statusOf } from '../errors';

/** What a page form shows after a refusal: the message, the field at fault, and what was typed. */
export interface FormFailure {
	message: string;
	field?: string;
	errors: Record<string, string>;
	values: Record<string, string>;
}

/**
 * A domain refusal as the form action failure the page shows, with the field at fault and the
 * submitted values echoed so nothing typed is lost; anything else is unexpected and thrown.
 */
export function failFrom<T extends Record<string, unknown>>(e: unknown, extra: T, values: Record<string, string> = {}): ActionFailure<T & FormFailure> {
	if (e instanceof DomainError) {
		const errors = e.field ? { [e.field]: e.message } : {};
		return fail(statusOf[e.code], { ...extra, message: e.message, field: e.field, errors, values });
	}
	throw e;
}

/** With a rate-limit refusal, tells the client when to retry (Retry-After, in seconds), as every 429 should. */
export function sendRetryAfter(event: RequestEvent, e: unknown): void {
	if (e instanceof RateLimited) event.setHeaders({ 'retry-after': String(e.retryAfterSeconds) });
}

/** A load's domain refusal as the error page it calls for (403, 404 …), with the verb's message unless `message` says it for the page; anything else is unexpected and thrown. */
export function errorPageFrom(e: unknown, message?: string): never {
	if (e instanceof DomainError) error(statusOf[e.code], { message: message ?? e.message });
	throw e;
}

/** A form's text fields (files are left out) as one plain object: the input a verb validates. */
export async function formValues(event: RequestEvent): Promise<Record<string, string>> {
	const form = await event.request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string' && !(key in values)) values[key] = value;
	return values;
}
