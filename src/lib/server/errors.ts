/** An expected failure a user can act on; routes map it to a 4xx status. */
export type DomainErrorCode = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'rate_limited';

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

export const statusOf: Record<DomainErrorCode, number> = {
	invalid: 400,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	rate_limited: 429
};
