import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite, isSameOrigin } from './origin';

const URL_ = new URL('http://localhost:4173/logout');
const request = (method: string, headers: Record<string, string> = {}) => new Request(URL_, { method, headers });

describe('isSameOrigin', () => {
	it('trusts Origin first, then Sec-Fetch-Site, then takes a client that sends neither for no browser', () => {
		expect(isSameOrigin(request('POST', { origin: 'http://localhost:4173' }), URL_)).toBe(true);
		expect(isSameOrigin(request('POST', { origin: 'http://localhost:9999' }), URL_)).toBe(false);
		expect(isSameOrigin(request('POST', { origin: 'http://127.0.0.1:4173' }), URL_)).toBe(false);
		expect(isSameOrigin(request('POST', { origin: 'null' }), URL_)).toBe(false);
		expect(isSameOrigin(request('POST', { 'sec-fetch-site': 'same-origin' }), URL_)).toBe(true);
		expect(isSameOrigin(request('POST', { 'sec-fetch-site': 'same-site' }), URL_)).toBe(false);
		expect(isSameOrigin(request('POST', { 'sec-fetch-site': 'cross-site' }), URL_)).toBe(false);
		expect(isSameOrigin(request('POST'), URL_)).toBe(true);
	});
});

describe('isCrossSiteWrite', () => {
	const foreign = { origin: 'http://localhost:9999' };
	it('is a state-changing method from another origin with the session cookie', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(isCrossSiteWrite(request(method, foreign), URL_, true), method).toBe(true);
	});
	it('is not a read, a same-origin write, or a write without the session cookie', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(isCrossSiteWrite(request(method, foreign), URL_, true), method).toBe(false);
		expect(isCrossSiteWrite(request('POST', { origin: URL_.origin }), URL_, true)).toBe(false);
		expect(isCrossSiteWrite(request('POST', foreign), URL_, false)).toBe(false);
	});
});
