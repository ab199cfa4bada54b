import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Rendition-Signature';
export const TIMESTAMP_HEADER = 'X-Rendition-Timestamp';
export const EVENT_HEADER = 'X-Rendition-Event';
export const DELIVERY_HEADER = 'X-Rendition-Delivery';

/** How far a request's timestamp may be from the receiver's clock, either way (docs/webhooks.md). */
export const TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex>`: HMAC-SHA256 with the webhook's secret of `<timestamp>.<raw body>`. The timestamp
 * is the attempt's, in Unix seconds, so a receiver can refuse a captured request replayed later.
 */
export function signBody(secret: string, timestamp: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body, 'utf8').digest('hex')}`;
}

/** What receivers do (docs/webhooks.md): check the time, recompute and compare in constant time. */
export function verifySignature(
	secret: string,
	body: string,
	signature: string | null | undefined,
	timestamp: string | null | undefined,
	nowSeconds = Date.now() / 1000
): boolean {
	const t = Number(timestamp);
	if (!signature || !timestamp || !Number.isInteger(t) || Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return false;
	const expected = Buffer.from(signBody(secret, t, body));
	const given = Buffer.from(signature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}
