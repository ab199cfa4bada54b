import { describe, expect, it } from 'vitest';
import {
	declaredCharset,
	foreignCharset,
	isUtf8,
	loneSurrogatePath,
	multipartRefusal,
	percentDecoded,
	plainTextRefusal,
	urlEncodedRefusal
} from './request-text';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const ascii = (text: string) => bytes(text);

describe('declared charsets', () => {
	it.each([
		['application/x-www-form-urlencoded', null, null],
		['application/json; charset=utf-8', 'utf-8', null],
		['application/json;charset="UTF-8"', 'utf-8', null],
		['text/plain; charset=utf8', 'utf8', null],
		['application/x-www-form-urlencoded; charset=iso-8859-1', 'iso-8859-1', 'iso-8859-1'],
		['application/x-www-form-urlencoded; Charset="ISO-8859-1"', 'iso-8859-1', 'iso-8859-1'],
		['application/json; foo="a;b"; charset = windows-1252', 'windows-1252', 'windows-1252'],
		['multipart/form-data; boundary=x; charset=gbk', 'gbk', 'gbk']
	])('%s declares %s', (type, declared, foreign) => {
		expect(declaredCharset(type)).toBe(declared);
		expect(foreignCharset(type)).toBe(foreign);
	});
});

describe('UTF-8', () => {
	it.each([
		['ASCII', ascii('note=hi'), true],
		['Chinese', bytes('哈尔滨'), true],
		['a cut sequence', bytes([0xe5, 0x93]), false],
		['a stray continuation byte', bytes([0x80]), false],
		['an overlong slash', bytes([0xc0, 0xaf]), false],
		['an encoded lone surrogate', bytes([0xed, 0xa0, 0x80]), false],
		['bytes UTF-8 never uses', bytes([0xff, 0xfe]), false]
	])('%s is UTF-8: %s', (_, input, expected) => {
		expect(isUtf8(input)).toBe(expected);
	});

	it('decodes %XX escapes and + as a form decoder does, and leaves a broken escape as it is', () => {
		expect(new TextDecoder().decode(percentDecoded(ascii('a+b%20c%E5%93%88%zz%4')))).toBe('a b c哈%zz%4');
	});
});

describe('urlencoded bodies and query strings', () => {
	it('accepts UTF-8 as sent or as escapes, and empty or odd pairs', () => {
		for (const body of ['', 'a=1&b=2', 'note=%E5%93%88%E5%B0%94%E6%BB%A8', 'x&&=&y=%zz', 'name=' + encodeURIComponent('Zoë 😀')])
			expect(urlEncodedRefusal(ascii(body)), body).toBeNull();
		expect(urlEncodedRefusal(bytes('note=哈尔滨'))).toBeNull();
	});

	it('refuses escapes or raw bytes that are not UTF-8, naming the field', () => {
		expect(urlEncodedRefusal(ascii('title=ok&note=caf%E9'))).toEqual({
			field: 'note',
			message: "The form's field “note” is not valid UTF-8 text, so it cannot be read as it was sent. Nothing was saved: reload the page and send it again."
		});
		// A lone surrogate cannot be encoded in UTF-8: its three bytes are refused.
		expect(urlEncodedRefusal(ascii('a=1&comment=x%ED%A0%80y'))?.field).toBe('comment');
		expect(urlEncodedRefusal(bytes('note=', [0xff]))?.field).toBe('note');
		expect(urlEncodedRefusal(ascii('%FF=1'))).toMatchObject({ field: undefined, message: expect.stringMatching(/^The form is not valid UTF-8/) });
		expect(urlEncodedRefusal(ascii('q=%C3'), 'query')?.message).toMatch(/^The query parameter “q” is not valid UTF-8 .* Percent-encode the address as UTF-8/);
	});

	it('judges a text/plain form as it is', () => {
		expect(plainTextRefusal(bytes('note=哈尔滨%FF'))).toBeNull();
		expect(plainTextRefusal(bytes('note=', [0xe9]))).not.toBeNull();
	});
});

describe('multipart bodies', () => {
	const boundary = '----rendition7MA4YWxk';
	const type = `multipart/form-data; boundary=${boundary}`;
	const part = (headers: string, content: (string | number[])[]) => [`--${boundary}\r\n${headers}\r\n\r\n`, ...content, '\r\n'];
	const multipart = (...parts: (string | number[])[][]) => bytes(...parts.flat(), `--${boundary}--\r\n`);

	it('accepts UTF-8 text fields, and leaves files, whatever their bytes, to their own checks', () => {
		const body = multipart(
			part('Content-Disposition: form-data; name="title"', ['哈尔滨']),
			part('Content-Disposition: form-data; name="empty"', []),
			part('Content-Disposition: form-data; name="source"; filename="gbk.txt"\r\nContent-Type: text/plain', [[0xb9, 0xfe, 0xb6, 0xfb, 0xb1, 0xf5]]),
			part('Content-Disposition: form-data; name="translation"; filename=""\r\nContent-Type: application/octet-stream', [])
		);
		expect(multipartRefusal(type, body)).toBeNull();
		// Quoted boundary, as some clients send it.
		expect(multipartRefusal(`multipart/form-data; boundary="${boundary}"`, body)).toBeNull();
	});

	it('refuses a text field that is not UTF-8 or declares another charset, naming it', () => {
		const bad = multipart(part('Content-Disposition: form-data; name="title"', ['ok']), part('Content-Disposition: form-data; name="source"', ['caf', [0xe9]]));
		expect(multipartRefusal(type, bad)).toEqual({
			field: 'source',
			message: "The form's field “source” is not valid UTF-8 text, so it cannot be read as it was sent. Nothing was saved: reload the page and send it again."
		});
		const latin = multipart(part('Content-Disposition: form-data; name="note"\r\nContent-Type: text/plain; charset=ISO-8859-1', ['caf', [0xe9]]));
		expect(multipartRefusal(type, latin)).toMatchObject({
			field: 'note',
			message: expect.stringMatching(/“note” was sent as iso-8859-1; this server reads text only as UTF-8/)
		});
		const surrogate = multipart(part('Content-Disposition: form-data; name="名前"', ['x', [0xed, 0xb0, 0x80]]));
		expect(multipartRefusal(type, surrogate)?.field).toBe('名前');
	});

	it('leaves a body that is not multipart as declared to the form parser', () => {
		expect(multipartRefusal('multipart/form-data', bytes([0xff]))).toBeNull();
		expect(multipartRefusal(type, bytes(`--${boundary}\r\nContent-Disposition: form-data; name="x"`, [0xff]))).toBeNull();
	});
});

describe('lone surrogates in JSON', () => {
	it.each([
		['{"text":"ok 😀 \\ud83d\\ude00"}', null],
		['{"text":"\\ud800"}', 'text'],
		['{"content":{"content":[{"type":"text","text":"a\\udc00b"}]}}', 'content.content.0.text'],
		['{"ids":[1,"\\udbff"]}', 'ids.1'],
		['"\\ud800"', 'body'],
		['{"k\\ud800":1}', 'k\ufffd']
	])('%s → %s', (json, path) => {
		expect(loneSurrogatePath(JSON.parse(json))).toBe(path);
	});

	it('walks JSON nested deeper than recursion could follow', () => {
		const deep = JSON.parse('['.repeat(200_000) + '"\\ud800"' + ']'.repeat(200_000));
		expect(loneSurrogatePath(deep)).toMatch(/^0(\.0)+$/);
	});
});
