import type { z } from 'zod';
import { firstIssue } from '../validation';

/** An expected failure a user can act on; routes map it to a 4xx status. */
export type DomainErrorCode = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'rate_limited' | 'payload_too_large';

export class DomainError extends Error {
	constructor(
		readonly code: DomainErrorCode,
		message: string,
		/** The input field at fault, when there is one. */
		readonly field?: string
	) {
		super(message);
		this.name = 'DomainError';
	}
}

/** A refusal for a while (a rate limit): the 429 it becomes says when to retry, in Retry-After. */
export class RateLimited extends DomainError {
	constructor(
		message: string,
		readonly retryAfterSeconds: number
	) {
		super('rate_limited', message);
		this.name = 'RateLimited';
	}
}

export const statusOf: Record<DomainErrorCode, number> = {
	invalid: 400,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	payload_too_large: 413,
	rate_limited: 429
};

/**
 * The one validation of a verb's input, whichever door it came through: the parsed value, or a
 * DomainError naming the first field at fault (a form field or a JSON property alike).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	const { field, message } = firstIssue(parsed.error);
	throw new DomainError('invalid', message, field);
}

/** What a verb accepts for a schema: the schema's fields, each of any type, for the schema to judge. */
export type Input<S extends z.ZodType> = { [K in keyof z.input<S>]?: unknown };
