import { describe, expect, it } from 'vitest';
import { plainText, type Block, type Inline } from '../../import/model';
import { formattingCheck } from './formatting';

const en = { sourceLang: 'zh-Hans', targetLang: 'en' };
const bold = (text: string): Inline => ({ type: 'text', text, marks: [{ type: 'strong' }] });
const italic = (text: string): Inline => ({ type: 'text', text, marks: [{ type: 'em' }] });
const link = (text: string, href: string): Inline => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href, title: null } }] });
const plain = (text: string): Inline => ({ type: 'text', text });
const paragraph = (...content: Inline[]): Block => ({ type: 'paragraph', content });
const run = (sourceBlock: Block, targetBlock: Block) =>
	formattingCheck.run({ source: plainText(sourceBlock), target: plainText(targetBlock), sourceBlock, targetBlock }, en);

describe('formatting', () => {
	it('flags bold the translation lost, pointing at it in the source', () => {
		expect(run(paragraph(bold('本报讯'), plain('近日')), paragraph(plain('News Recently')))).toEqual([
			{ message: 'The source has 1 bold passage, the translation 0: make the missing bold text bold too.', source: { start: 0, end: 3 } }
		]);
	});

	it('flags italic the translation added, pointing at it', () => {
		expect(run(paragraph(plain('近日')), paragraph(plain('Recently '), italic('held')))).toEqual([
			{ message: 'The translation has 1 italic passage, the source 0: remove the italic that the source does not have.', target: { start: 9, end: 13 } }
		]);
	});

	it('flags a link whose address changed, on both sides', () => {
		const issues = run(paragraph(link('黑龙江日报', 'https://www.hljnews.cn/')), paragraph(link('Heilongjiang Daily', 'https://hljnews.cn/')));
		expect(issues).toEqual([
			{ message: 'The link to https://www.hljnews.cn/ is missing in the translation: link the same words.', source: { start: 0, end: 5 } },
			{ message: 'The translation links to https://hljnews.cn/, which the source does not: check the link.', target: { start: 0, end: 18 } }
		]);
	});

	it('counts passages, not text nodes: bold with italic inside is one bold passage', () => {
		const source = paragraph(bold('重要'), plain('的'), bold('指示'));
		const target = paragraph(
			{ type: 'text', text: 'important ', marks: [{ type: 'strong' }] },
			{ type: 'text', text: 'instructions', marks: [{ type: 'em' }, { type: 'strong' }] }
		);
		expect(run(source, target)).toEqual([
			{ message: 'The source has 2 bold passages, the translation 1: make the missing bold text bold too.', source: { start: 3, end: 5 } },
			{ message: 'The translation has 1 italic passage, the source 0: remove the italic that the source does not have.', target: { start: 10, end: 22 } }
		]);
	});

	it('accepts the same marks in another order and place', () => {
		const source = paragraph(plain('据'), link('黑龙江日报', 'https://www.hljnews.cn/'), bold('报道'), { type: 'hard_break' }, italic('记者'));
		const target = paragraph(italic('Reporter'), plain(' '), bold('reports'), plain(' '), link('Heilongjiang Daily', 'https://www.hljnews.cn/'));
		expect(run(source, target)).toEqual([]);
	});

	it('runs only when both blocks are known, and gives no spans when a block is not the text checked', () => {
		expect(formattingCheck.run({ source: '本报讯', target: 'News' }, en)).toEqual([]);
		const sourceBlock = paragraph(bold('本报讯'));
		expect(formattingCheck.run({ source: 'other', target: 'News', sourceBlock, targetBlock: paragraph(plain('News')) }, en)).toEqual([
			{ message: 'The source has 1 bold passage, the translation 0: make the missing bold text bold too.' }
		]);
	});
});
