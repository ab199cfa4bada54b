import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, xmlAttributes } from './export-xml';

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '',
	trimValues: false,
	parseTagValue: false,
	parseAttributeValue: false,
	processEntities: true,
	htmlEntities: true
});

function roundTrip(text: string): { content: string; attribute: string } {
	const parsed = parser.parse(`<r${xmlAttributes({ a: text })}>${escapeXml(text)}</r>`);
	const r = parsed.r;
	return typeof r === 'string' ? { content: r, attribute: '' } : { content: r['#text'] ?? '', attribute: r.a };
}

describe('escapeXml', () => {
	it('escapes the five markup characters', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
	});

	it('drops characters XML 1.0 cannot hold and keeps tab, line feed, astral characters', () => {
		expect(escapeXml('a\u0000b\u0001c\u001fd\u007f\tx\ny')).toBe('abcd\u007f\tx\ny');
		expect(escapeXml('lone \uD800 surrogate \uFFFE')).toBe('lone  surrogate ');
		expect(escapeXml('🏮𝒜')).toBe('🏮𝒜');
	});

	it('writes CR as a reference so a parser keeps it, and tab and LF too in attributes', () => {
		expect(escapeXml('a\rb')).toBe('a&#13;b');
		expect(xmlAttributes({ a: 'x\ty\nz', skipped: undefined, n: 2 })).toBe(' a="x&#9;y&#10;z" n="2"');
	});

	it('round-trips any XML-safe text through a parser, in content and attributes', () => {
		const xmlChar = fc.oneof(
			fc.constantFrom('<', '>', '&', '"', "'", '🎉', '漢', ' ', '\t'),
			fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u.test(c))
		);
		fc.assert(
			fc.property(
				fc.array(xmlChar, { minLength: 1, maxLength: 30 }).map((cs) => cs.join('')),
				(text) => {
					const back = roundTrip(text);
					expect(back.content).toBe(text);
					expect(back.attribute).toBe(text);
				}
			)
		);
	});
});
