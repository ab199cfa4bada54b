import { describe, expect, it } from 'vitest';
import { forgetPublicPages, PUBLIC_PAGE_TTL_MS, rememberedPage, rememberPage } from './public-cache';

describe('remembered public pages', () => {
	it('are served for PUBLIC_PAGE_TTL_MS, then asked for again', () => {
		rememberPage('7:current:a', { etag: '"a"', html: '<p>a</p>', embeddable: false }, 1_000);
		expect(rememberedPage('7:current:a', 1_000 + PUBLIC_PAGE_TTL_MS - 1)?.html).toBe('<p>a</p>');
		expect(rememberedPage('7:current:a', 1_000 + PUBLIC_PAGE_TTL_MS)).toBeUndefined();
	});

	it('are forgotten for one document at once, and only for that one', () => {
		rememberPage('7:current:a', { etag: '"a"', html: 'seven', embeddable: false }, 0);
		rememberPage('7:1:s', { etag: '"b"', html: 'seven v1', embeddable: false }, 0);
		rememberPage('70:current:a', { etag: '"c"', html: 'seventy', embeddable: false }, 0);
		forgetPublicPages(7);
		expect(rememberedPage('7:current:a', 1)).toBeUndefined();
		expect(rememberedPage('7:1:s', 1)).toBeUndefined();
		expect(rememberedPage('70:current:a', 1)?.html).toBe('seventy');
	});
});
