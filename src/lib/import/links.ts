const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
export const MAX_HREF_LENGTH = 2048;

/**
 * The href to keep for a link, or null to drop the link and keep its text. Only absolute http,
 * https and mailto URLs pass (an allow-list, so javascript:, data:, vbscript: and whatever comes
 * next are refused). The result is the URL parser's own serialisation, so what we checked is
 * exactly what a browser will follow; relative URLs are dropped because an import has no base.
 */
export function safeHref(raw: string): string | null {
	if (raw.length > MAX_HREF_LENGTH) return null;
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return null;
	}
	if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
	if (url.protocol !== 'mailto:' && url.hostname === '') return null;
	return url.href.length > MAX_HREF_LENGTH ? null : url.href;
}
