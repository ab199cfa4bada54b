import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature';

/** The first ```js block of docs/webhooks.md, run as receivers would run it. */
function documentedVerifier(): (secret: string, rawBody: Buffer | string, header: string | undefined) => boolean {
	const doc = readFileSync('docs/webhooks.md', 'utf8');
	const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
	if (!code) throw new Error('docs/webhooks.md has no js snippet');
	return new Function('require', `${code}\nreturn verifyRenditionSignature;`)(createRequire(import.meta.url));
}

const secret = 'whsec_test-secret';
const body = JSON.stringify({ id: 'e1', type: 'document.published', document: { id: 1, title: 'Harbin “news” 冰雪' }, version: 2 });

describe('webhook signatures', () => {
	it('signs the raw body as sha256=<hex HMAC>', () => {
		expect(signBody(secret, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect(signBody(secret, body)).toBe(signBody(secret, body));
		expect(signBody('another secret', body)).not.toBe(signBody(secret, body));
	});

	it('verifies with the snippet in docs/webhooks.md, over the received bytes', () => {
		const verify = documentedVerifier();
		const header = signBody(secret, body);
		expect(verify(secret, Buffer.from(body, 'utf8'), header)).toBe(true);
		expect(verify(secret, body, header)).toBe(true);
		expect(verifySignature(secret, body, header)).toBe(true);
	});

	it('fails for a tampered body, another secret, or a missing or malformed header', () => {
		const verify = documentedVerifier();
		const header = signBody(secret, body);
		const tampered = body.replace('"version":2', '"version":3');
		expect(verify(secret, tampered, header)).toBe(false);
		expect(verifySignature(secret, tampered, header)).toBe(false);
		expect(verify('whsec_other', body, header)).toBe(false);
		expect(verify(secret, body, undefined)).toBe(false);
		expect(verify(secret, body, header.slice(0, -1))).toBe(false);
		expect(verifySignature(secret, body, null)).toBe(false);
		expect(verifySignature(secret, body, header.toUpperCase())).toBe(false);
	});
});
