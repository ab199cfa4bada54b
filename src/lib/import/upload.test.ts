import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, decodeUpload, formatBytes } from './upload';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeUpload', () => {
	it('decodes UTF-8 and takes the format from the extension', () => {
		expect(decodeUpload(utf8('本报讯 😀'), 'article.txt')).toEqual({ ok: true, text: '本报讯 😀', format: 'text' });
		expect(decodeUpload(utf8('# T'), 'a.MD')).toMatchObject({ ok: true, format: 'markdown' });
		expect(decodeUpload(utf8('# T'), 'a.markdown')).toMatchObject({ ok: true, format: 'markdown' });
		expect(decodeUpload(utf8('<p>x</p>'), 'C:\\Users\\me\\page.htm')).toMatchObject({ ok: true, format: 'html' });
		expect(decodeUpload(utf8('<p>x</p>'), 'page.html')).toMatchObject({ ok: true, format: 'html' });
	});
	it('drops a UTF-8 byte-order mark', () => {
		expect(decodeUpload(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'a.txt')).toEqual({ ok: true, text: 'a', format: 'text' });
	});
	it('refuses an empty file', () => {
		expect(decodeUpload(new Uint8Array(), 'empty.txt')).toEqual({
			ok: false,
			status: 400,
			message: '“empty.txt” is empty. Choose a file with the text in it.'
		});
		expect(decodeUpload(utf8(' \n\t\r\n'), 'blank.md')).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/no text/) });
	});
	it('refuses a file over the limit and names the limit', () => {
		const result = decodeUpload(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61), 'big.txt');
		expect(result).toMatchObject({ ok: false, status: 413 });
		expect(!result.ok && result.message).toBe(
			'“big.txt” is 2,097,153 bytes; the limit is 2 MB per file. Split the document into smaller parts and import each one.'
		);
		expect(decodeUpload(new Uint8Array(3 * 1024 * 1024), 'big.txt')).toMatchObject({ message: expect.stringMatching(/is 3 MB; the limit is 2 MB/) });
		expect(decodeUpload(utf8('abcdef'), 'a.txt', 5)).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/6 bytes; the limit is 5 bytes/) });
		expect(decodeUpload(new Uint8Array(MAX_IMPORT_BYTES).fill(0x61), 'max.txt')).toMatchObject({ ok: true });
	});
	it('refuses text that is not UTF-8 and says how to fix it', () => {
		// "本报讯" in GBK.
		const result = decodeUpload(new Uint8Array([0xb1, 0xbe, 0xb1, 0xa8, 0xd1, 0xb6]), 'gbk.txt');
		expect(result).toMatchObject({ ok: false, status: 415 });
		expect(!result.ok && result.message).toMatch(/not valid UTF-8.*save it with the encoding “UTF-8”/);
		expect(decodeUpload(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'latin1.txt')).toMatchObject({ ok: false, status: 415 });
	});
	it('recognises UTF-16, with or without a byte-order mark', () => {
		const le = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00]);
		expect(decodeUpload(le, 'a.txt')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/UTF-16 \(little-endian\), not UTF-8/) });
		const be = new Uint8Array([0xfe, 0xff, 0x00, 0x61]);
		expect(decodeUpload(be, 'a.txt')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/UTF-16 \(big-endian\)/) });
		const noBom = new Uint8Array([...'Hello, world'].flatMap((c) => [c.charCodeAt(0), 0]));
		expect(decodeUpload(noBom, 'a.txt')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/UTF-16/) });
	});
	it('refuses binary content', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
		expect(decodeUpload(png, 'photo.txt')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/looks like a binary file/) });
		const controls = utf8(`${'text '.repeat(20)}${'\u0001\u0002\u0003'.repeat(5)}`);
		expect(decodeUpload(controls, 'a.md')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/binary/) });
		expect(decodeUpload(utf8(`${'text '.repeat(200)}\u000c\u001b`), 'a.md')).toMatchObject({ ok: true });
	});
	it('refuses unsupported extensions before reading the content', () => {
		expect(decodeUpload(utf8('x'), 'report.docx')).toEqual({
			ok: false,
			status: 415,
			message: '“report.docx” is a .docx file. Upload a .txt, .md or .html file (saved as UTF-8).'
		});
		expect(decodeUpload(utf8('x'), 'README')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/has no file extension/) });
		expect(decodeUpload(utf8('x'), '')).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/^The file has no file extension/) });
		expect(decodeUpload(utf8('x'), 'notes.txt.exe')).toMatchObject({ ok: false, status: 415 });
	});
});

describe('formatBytes', () => {
	it('uses binary units', () => {
		expect(formatBytes(MAX_IMPORT_BYTES)).toBe('2 MB');
		expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
		expect(formatBytes(512 * 1024)).toBe('512 KB');
		expect(formatBytes(1)).toBe('1 byte');
		expect(formatBytes(300)).toBe('300 bytes');
	});
});
