import { describe, expect, it } from 'vitest';
import { decodeGlossaryFile, formatOfFilename, formatOfMediaType, MAX_GLOSSARY_FILE_BYTES } from './upload';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('glossary uploads', () => {
	it('tell CSV from TBX by file name and media type', () => {
		expect(formatOfFilename('terms.CSV')).toBe('csv');
		expect(formatOfFilename('C:\\terms\\zhejiang.tbx')).toBe('tbx');
		expect(formatOfFilename('export.xml')).toBe('tbx');
		expect(formatOfFilename('terms.xlsx')).toMatch(/^“terms\.xlsx” is a spreadsheet\. Save it as “CSV UTF-8”/);
		expect(formatOfFilename('terms.docx')).toBe('“terms.docx” is a .docx file. Upload a glossary as .csv or .tbx (TBX 2 or TBX v3).');
		expect(formatOfFilename('terms')).toMatch(/has no file extension/);
		expect(formatOfMediaType('text/csv')).toBe('csv');
		expect(formatOfMediaType('Application/X-TBX+XML')).toBe('tbx');
		expect(formatOfMediaType('application/json')).toBeNull();
	});

	it('decode UTF-8, with or without a byte-order mark', () => {
		expect(decodeGlossaryFile(bytes('source,target\n千万工程,Ten Million Project\n'), 'csv')).toEqual({
			ok: true,
			format: 'csv',
			text: 'source,target\n千万工程,Ten Million Project\n'
		});
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('source,target\n')]);
		expect(decodeGlossaryFile(bom, 'csv')).toMatchObject({ ok: true, text: 'source,target\n' });
	});

	it('refuse empty, oversized, UTF-16, GBK and binary files, each with what to do', () => {
		expect(decodeGlossaryFile(new Uint8Array(), 'csv', '“a.csv”')).toEqual({
			ok: false,
			status: 400,
			message: '“a.csv” is empty. Choose a glossary file with entries in it.'
		});
		expect(decodeGlossaryFile(bytes(' \n '), 'csv')).toMatchObject({ ok: false, status: 400 });
		expect(decodeGlossaryFile(new Uint8Array(MAX_GLOSSARY_FILE_BYTES + 1).fill(0x61), 'csv')).toMatchObject({
			ok: false,
			status: 413,
			message: expect.stringMatching(/^The file is 4,194,305 bytes; a glossary file may be at most 4 MB\. Split it/)
		});
		expect(decodeGlossaryFile(new Uint8Array([0xff, 0xfe, 0x61, 0]), 'csv')).toMatchObject({ status: 415, message: expect.stringMatching(/UTF-16/) });
		// 千万 in GBK
		expect(decodeGlossaryFile(new Uint8Array([0xc7, 0xa7, 0xcd, 0xf2]), 'csv')).toMatchObject({ status: 415, message: expect.stringMatching(/GBK/) });
		expect(decodeGlossaryFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'tbx')).toMatchObject({
			status: 415,
			message: expect.stringMatching(/binary file, not a TBX/)
		});
	});
});
