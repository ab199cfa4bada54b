import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './login';

// The login page's redirectTo comes from a link anyone can craft. A browser reads the Location
// header with the WHATWG URL parser, so `new URL` here is the browser's own reading.

const SITE = new URL('http://localhost:4173/login?redirectTo=x');
const safe = (target: string | null) => safeRedirectTarget(target, SITE);

describe('safeRedirectTarget', () => {
	it('keeps this site’s paths with their query and fragment', () => {
		expect(safe('/projects/demo/documents/3?tab=review#s12')).toBe('/projects/demo/documents/3?tab=review#s12');
		expect(safe('/settings')).toBe('/settings');
		expect(safe('http://localhost:4173/admin')).toBe('/admin');
	});

	it('sends everything else to the fallback', () => {
		for (const target of [
			null,
			'',
			'//evil.example/x',
			'/\t/evil.example/x', // what /login?redirectTo=/%09/evil.example/x decodes to: browsers drop the tab
			'/\n/evil.example',
			'/\r\n/evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/.//evil.example',
			'/./\t/evil.example',
			'https://evil.example/',
			'http://localhost:4174/',
			'https://localhost:4173/',
			'javascript:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'http://[::1'
		]) {
			expect(safe(target), JSON.stringify(target)).toBe('/projects');
		}
	});

	it('encodes what a header cannot carry instead of failing on it', () => {
		expect(safe('/projects\r\nSet-Cookie: x=1')).toBe('/projectsSet-Cookie:%20x=1');
		expect(safe('/\u3000evil')).toBe('/%E3%80%80evil');
		expect(safe('/a?q=\u3000#\u3000')).toBe('/a?q=%E3%80%80#%E3%80%80');
	});

	it('only ever answers a path that stays on whichever site reads it (fast-check)', () => {
		const hostile = fc.oneof(
			fc.string({ unit: 'binary' }),
			fc.string({ unit: fc.constantFrom('/', '\\', '.', '\t', '\n', '\r', ' ', '\u3000', '%', '@', ':', '?', '#', 'evil.example', 'a') }),
			fc.webUrl({ withFragments: true, withQueryParameters: true })
		);
		fc.assert(
			fc.property(fc.constantFrom('', '/', '//', '/\\', '/\t/', '/./'), hostile, (prefix, rest) => {
				const answer = safe(prefix + rest);
				expect(answer).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
				// Resolved against any site (as a browser does with Location), it names that same site.
				expect(new URL(answer, 'https://other.example:8443/a/b').origin).toBe('https://other.example:8443');
				expect(new URL(answer, SITE).origin).toBe(SITE.origin);
				expect(safe(answer)).toBe(answer);
			}),
			{ numRuns: 2000 }
		);
	});
});
