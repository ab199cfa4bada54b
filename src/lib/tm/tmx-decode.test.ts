import { describe, expect, it } from 'vitest';
import { decodeTmxInput, tmxEncodingProblem } from './tmx-decode';

async function collect(input: Iterable<Uint8Array | string>): Promise<string> {
	let out = '';
	for await (const chunk of decodeTmxInput(input)) out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
	return out;
}

const XML = '<?xml version="1.0" encoding="UTF-16"?><tmx>哈尔滨 😀</tmx>';

describe('decodeTmxInput', () => {
	it('passes UTF-8 on untouched', async () => {
		const bytes = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><tmx/>');
		expect(await collect([bytes.subarray(0, 2), bytes.subarray(2)])).toBe(bytes.toString('utf8'));
	});

	it('decodes UTF-16 LE and BE with a BOM, in pieces cut anywhere, and says UTF-8 in the declaration', async () => {
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XML, 'utf16le')]);
		const be = Buffer.from(le);
		be.swap16();
		const expected = XML.replace('UTF-16', 'UTF-8');
		for (const bytes of [le, be]) {
			const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 5), bytes.subarray(5, 50), bytes.subarray(50)];
			expect(await collect(pieces)).toBe(expected);
		}
	});

	it('refuses UTF-16 that is cut in the middle of a character', async () => {
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<tmx/>', 'utf16le'), Buffer.from([0x3c])]);
		await expect(collect([le])).rejects.toThrow('not valid UTF-16');
	});
});

describe('tmxEncodingProblem', () => {
	it('names UTF-32 and UTF-16 without a BOM, and accepts UTF-8 and UTF-16 with one', () => {
		expect(tmxEncodingProblem(Uint8Array.from([0xff, 0xfe, 0, 0]))).toContain('UTF-32');
		expect(tmxEncodingProblem(Uint8Array.from([0x3c, 0, 0x3f, 0]))).toContain('without a byte order mark');
		expect(tmxEncodingProblem(Uint8Array.from([0xff, 0xfe, 0x3c, 0]))).toBeNull();
		expect(tmxEncodingProblem(Buffer.from('<?xm'))).toBeNull();
	});
});
