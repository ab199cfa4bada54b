import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Rendition-Signature';
export const EVENT_HEADER = 'X-Rendition-Event';
export const DELIVERY_HEADER = 'X-Rendition-Delivery';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the webhook's secret. */
export function signBody(secret: string, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What receivers do (docs/webhooks.md): recompute and compare in constant time. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
	if (!header) return false;
	const expected = Buffer.from(signBody(secret, body));
	const given = Buffer.from(header);
	return expected.length === given.length && timingSafeEqual(expected, given);
}
