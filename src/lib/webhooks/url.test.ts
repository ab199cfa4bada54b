import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './url';

describe('webhook URLs', () => {
	it('accepts http and https URLs', () => {
		expect(checkWebhookUrl(' https://example.com/hooks?x=1 ')).toEqual({ ok: true, url: 'https://example.com/hooks?x=1' });
		expect(checkWebhookUrl('http://127.0.0.1:8080/')).toEqual({ ok: true, url: 'http://127.0.0.1:8080/' });
	});

	it.each(['', 'example.com/hook', 'ftp://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.com/'])(
		'refuses %j',
		(input) => {
			const result = checkWebhookUrl(input);
			expect(result.ok).toBe(false);
		}
	);
});
