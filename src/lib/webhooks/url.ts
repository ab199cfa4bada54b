export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

const MAX_LENGTH = 2000;

/** Webhook targets are absolute http(s) URLs without credentials; anything else is refused. */
export function checkWebhookUrl(input: string): WebhookUrlCheck {
	const text = input.trim();
	if (!text) return { ok: false, message: 'Enter the URL that should receive events.' };
	if (text.length > MAX_LENGTH) return { ok: false, message: `The URL is longer than ${MAX_LENGTH} characters.` };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, message: 'This is not a URL; use one like https://example.com/hooks/rendition.' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'Only http:// and https:// URLs can receive webhooks.' };
	if (url.username || url.password) return { ok: false, message: 'Put no user name or password in the URL; verify the signature instead.' };
	url.hash = '';
	return { ok: true, url: url.toString() };
}
