import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signBody, TOLERANCE_SECONDS, verifySignature } from './signature';

type Verifier = (secret: string, rawBody: Buffer | string, signature: string | undefined, timestamp: string | undefined, nowSeconds?: number) => boolean;

/** The first ```js block of docs/webhooks.md, run as receivers would run it. */
function documentedVerifier(): Verifier {
	const doc = readFileSync('docs/webhooks.md', 'utf8');
	const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
	if (!code) throw new Error('docs/webhooks.md has no js snippet');
	return new Function('require', `${code}\nreturn verifyRenditionSignature;`)(createRequire(import.meta.url));
}

const secret = 'whsec_test-secret';
const body = JSON.stringify({ id: 'e1', type: 'document.published', document: { id: 1, title: 'Harbin “news” 冰雪' }, version: 2 });
const now = 1_795_600_000;

describe('webhook signatures', () => {
	it('sign the timestamp and the raw body as sha256=<hex HMAC>', () => {
		expect(signBody(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect(signBody(secret, now, body)).toBe(signBody(secret, now, body));
		expect(signBody('another secret', now, body)).not.toBe(signBody(secret, now, body));
		expect(signBody(secret, now + 1, body)).not.toBe(signBody(secret, now, body));
	});

	it('verify with the snippet in docs/webhooks.md, over the received bytes, within the tolerance', () => {
		const verify = documentedVerifier();
		const signature = signBody(secret, now, body);
		for (const at of [now, now + TOLERANCE_SECONDS, now - TOLERANCE_SECONDS]) {
			expect(verify(secret, Buffer.from(body, 'utf8'), signature, String(now), at)).toBe(true);
			expect(verify(secret, body, signature, String(now), at)).toBe(true);
			expect(verifySignature(secret, body, signature, String(now), at)).toBe(true);
		}
		// Without a clock argument the snippet uses the current time.
		const fresh = Math.floor(Date.now() / 1000);
		expect(verify(secret, body, signBody(secret, fresh, body), String(fresh))).toBe(true);
	});

	it('fail for a replay outside the tolerance, a changed timestamp, a tampered body, another secret, or missing headers', () => {
		const verify = documentedVerifier();
		const signature = signBody(secret, now, body);
		const tampered = body.replace('"version":2', '"version":3');
		for (const check of [verify, (s: string, b: string, sig?: string, t?: string, at?: number) => verifySignature(s, b, sig, t, at)]) {
			expect(check(secret, body, signature, String(now), now + TOLERANCE_SECONDS + 1)).toBe(false);
			expect(check(secret, body, signature, String(now + 60), now)).toBe(false);
			expect(check(secret, tampered, signature, String(now), now)).toBe(false);
			expect(check('whsec_other', body, signature, String(now), now)).toBe(false);
			expect(check(secret, body, undefined, String(now), now)).toBe(false);
			expect(check(secret, body, signature, undefined, now)).toBe(false);
			expect(check(secret, body, signature, 'soon', now)).toBe(false);
			expect(check(secret, body, signature.slice(0, -1), String(now), now)).toBe(false);
			expect(check(secret, body, signature.toUpperCase(), String(now), now)).toBe(false);
		}
	});
});
