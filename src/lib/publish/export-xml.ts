// XML 1.0 allows tab, LF, CR and U+0020 upwards except surrogates, U+FFFE and U+FFFF. Anything else
// (C0 controls, lone surrogates) cannot be written even as a character reference, so it is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/**
 * Escapes text for XML content and attribute values (double or single quoted). CR is written as a
 * reference because a parser would otherwise turn it into LF.
 */
export function escapeXml(text: string): string {
	return text.replace(NOT_XML_CHAR, '').replace(/[&<>"'\r]/g, (c) => ESCAPES[c]);
}

/** `name="value"` pairs, escaped, skipping undefined values. Tab and LF are references, which attribute-value normalisation keeps. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
	return Object.entries(attributes)
		.filter(([, value]) => value !== undefined)
		.map(([name, value]) => ` ${name}="${escapeXml(String(value)).replace(/[\t\n]/g, (c) => (c === '\t' ? '&#9;' : '&#10;'))}"`)
		.join('');
}
