import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url: session cookies and API tokens. */
export function generateSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as this digest; a stolen table cannot be replayed. */
export function sha256Hex(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}
