import { describe, expect, it } from 'vitest';
import { securityHeaders, withSecurityHeaders } from './headers';

const visitor = { authenticated: false, secure: false };
const headersOf = (init: Record<string, string>) => new Headers(init);

describe('securityHeaders', () => {
	it('forbids sniffing, framing and cross-site referrers on every answer', () => {
		expect(securityHeaders(headersOf({ 'content-type': 'application/json' }), visitor)).toEqual({
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'x-frame-options': 'DENY',
			'content-security-policy': "default-src 'none'; frame-ancestors 'none'"
		});
	});

	it('adds frame-ancestors to a page’s own policy and keeps one that already names it', () => {
		const page = headersOf({ 'content-type': 'text/html', 'content-security-policy': "default-src 'self'; script-src 'self' 'nonce-x';" });
		expect(securityHeaders(page, visitor)['content-security-policy']).toBe("default-src 'self'; script-src 'self' 'nonce-x'; frame-ancestors 'none'");
		const framed = headersOf({ 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" });
		expect(securityHeaders(framed, visitor)['content-security-policy']).toBeUndefined();
		expect(securityHeaders(headersOf({ 'content-type': 'text/html; charset=utf-8' }), visitor)['content-security-policy']).toBe("frame-ancestors 'none'");
	});

	it('does not forbid framing with X-Frame-Options where the route’s own frame-ancestors allows it', () => {
		const embeddable = headersOf({ 'content-type': 'text/html', 'content-security-policy': "default-src 'none'; frame-ancestors *" });
		const added = securityHeaders(embeddable, visitor);
		expect(added['x-frame-options']).toBeUndefined();
		expect(added['content-security-policy']).toBeUndefined();
		const forbidden = headersOf({ 'content-type': 'text/html', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" });
		expect(securityHeaders(forbidden, visitor)['x-frame-options']).toBe('DENY');
	});

	it('keeps what the route set itself', () => {
		const own = headersOf({ 'cache-control': 'public, max-age=60', 'referrer-policy': 'no-referrer', 'x-frame-options': 'SAMEORIGIN' });
		const added = securityHeaders(own, { authenticated: true, secure: false });
		expect(added['cache-control']).toBeUndefined();
		expect(added['referrer-policy']).toBeUndefined();
		expect(added['x-frame-options']).toBeUndefined();
	});

	it('keeps a signed-in user’s answers out of every cache', () => {
		expect(securityHeaders(headersOf({}), { authenticated: true, secure: false })['cache-control']).toBe('private, no-store');
		expect(securityHeaders(headersOf({}), visitor)['cache-control']).toBeUndefined();
	});

	it('asks for https from then on only when the site is served over https', () => {
		expect(securityHeaders(headersOf({}), { authenticated: false, secure: true })['strict-transport-security']).toBe('max-age=31536000');
		expect(securityHeaders(headersOf({}), visitor)['strict-transport-security']).toBeUndefined();
	});
});

describe('withSecurityHeaders', () => {
	it('sets the headers on the response', () => {
		const response = withSecurityHeaders(new Response('{}', { headers: { 'content-type': 'application/json' } }), visitor);
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('copies a response whose headers are immutable, keeping its status and body', async () => {
		const redirect = Response.redirect('http://localhost/elsewhere', 302);
		const response = withSecurityHeaders(redirect, { authenticated: true, secure: false });
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe('http://localhost/elsewhere');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
	});
});
