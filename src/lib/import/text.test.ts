import { describe, expect, it } from 'vitest';
import { plainText } from './model';
import { parseText } from './text';

const texts = (input: string) => parseText(input).map(plainText);

describe('parseText', () => {
	it('splits paragraphs at blank lines and keeps single newlines as hard breaks', () => {
		expect(parseText('First line\nsecond line\n\nNext paragraph')).toEqual([
			{
				type: 'paragraph',
				content: [{ type: 'text', text: 'First line' }, { type: 'hard_break' }, { type: 'text', text: 'second line' }]
			},
			{ type: 'paragraph', content: [{ type: 'text', text: 'Next paragraph' }] }
		]);
	});
	it('treats several blank or whitespace-only lines as one separator', () => {
		expect(texts('a\n\n\n \t \n\u3000\nb')).toEqual(['a', 'b']);
	});
	it('normalises CRLF and CR line ends and strips a byte-order mark', () => {
		expect(texts('\uFEFFa\r\nb\r\n\r\nc\rd\r\re')).toEqual(['a\nb', 'c\nd', 'e']);
	});
	it('trims paragraphs and lines, including a full-width indent', () => {
		expect(texts('   \n  \u3000\u3000本报讯 近日，  \n   more  \n\n')).toEqual(['本报讯 近日，\nmore']);
	});
	it('keeps CJK text and emoji intact', () => {
		const input = '学思想、强党性、重实践、建新功丨“浦江经验”“千万工程”\n\n👩🏽‍🔬 科技工作者 🇨🇳 𠀀';
		expect(texts(input)).toEqual(['学思想、强党性、重实践、建新功丨“浦江经验”“千万工程”', '👩🏽‍🔬 科技工作者 🇨🇳 𠀀']);
	});
	it('removes control characters and repairs lone surrogates', () => {
		expect(texts('a\u0000b\u0007c\u009f\n\nx\uD800y')).toEqual(['abc', 'x\uFFFDy']);
	});
	it('returns nothing for blank input', () => {
		expect(parseText('')).toEqual([]);
		expect(parseText(' \n\r\n\t\u3000')).toEqual([]);
	});
	it('stops at maxBlocks', () => {
		expect(parseText('a\n\nb\n\nc', { maxBlocks: 2 })).toHaveLength(2);
	});
});
