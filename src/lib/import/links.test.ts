import { describe, expect, it } from 'vitest';
import { safeHref } from './links';

describe('safeHref', () => {
	it('keeps absolute http, https and mailto links', () => {
		expect(safeHref('https://example.org/a?b=1#c')).toBe('https://example.org/a?b=1#c');
		expect(safeHref('HTTP://Example.org')).toBe('http://example.org/');
		expect(safeHref(' mailto:desk@example.org ')).toBe('mailto:desk@example.org');
		expect(safeHref('https://例子.中国/新闻')).toBe('https://xn--fsqu00a.xn--fiqs8s/%E6%96%B0%E9%97%BB');
	});
	it('drops every other scheme, however it is spelled', () => {
		for (const href of [
			'javascript:alert(1)',
			'JavaScript:alert(1)',
			' javascript:alert(1)',
			'java\tscript:alert(1)',
			'java\nscript:alert(1)',
			'\u0001javascript:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'vbscript:msgbox(1)',
			'file:///etc/passwd',
			'ftp://example.org/',
			'blob:https://example.org/x'
		]) {
			expect(safeHref(href), href).toBeNull();
		}
	});
	it('drops relative links and nonsense', () => {
		for (const href of ['/news/1', '//evil.example/x', '#top', 'news.html', '', 'http://']) {
			expect(safeHref(href), href).toBeNull();
		}
	});
	it('drops absurdly long links', () => {
		expect(safeHref(`https://example.org/${'a'.repeat(3000)}`)).toBeNull();
	});
});
