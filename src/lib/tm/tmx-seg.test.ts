import { describe, expect, it } from 'vitest';
import { SegBuilder } from './tmx-seg';

const seg = (build: (s: SegBuilder) => void, omegaTags = false) => {
	const s = new SegBuilder(20, omegaTags);
	build(s);
	return { result: s.finish(), dropped: s.dropped };
};

describe('SegBuilder', () => {
	it('reads a mark by its type or by the HTML the code holds, and ends it at the <ept> of the same i', () => {
		const { result, dropped } = seg((s) => {
			s.code('bpt', { i: '1', type: 'x-custom' }, '<strong class="k">');
			s.text('粗');
			s.code('bpt', { i: '2' }, '<A HREF="https://example.org/a b" title="t">');
			s.text('链');
			s.code('ept', { i: '1' }, '</strong>');
			s.text('接');
			s.code('ept', { i: '2' }, '</a>');
		});
		const link = { type: 'link', attrs: { href: 'https://example.org/a%20b', title: 't' } };
		expect(result).toEqual({
			block: {
				type: 'paragraph',
				content: [
					{ type: 'text', text: '粗', marks: [{ type: 'strong' }] },
					{ type: 'text', text: '链', marks: [link, { type: 'strong' }] },
					{ type: 'text', text: '接', marks: [link] }
				]
			}
		});
		expect(dropped).toBe(0);
	});

	it('goes by the type when it names a mark and the HTML disagrees, and drops a code with no mark Rendition has', () => {
		const { result, dropped } = seg((s) => {
			s.code('bpt', { i: '1', type: 'italic' }, '<b>');
			s.code('bpt', { i: '2', type: 'ulined' }, '<u>');
			s.text('字');
			s.code('ept', { i: '2' }, '</u>');
			s.code('ept', { i: '1' }, '</b>');
		});
		expect(result).toEqual({ block: { type: 'paragraph', content: [{ type: 'text', text: '字', marks: [{ type: 'em' }] }] } });
		expect(dropped).toBe(1);
	});

	it('counts characters as they come and refuses a side past its limit, however the text is split', () => {
		expect(seg((s) => ['一二三四五六七八九十', '一二三四五六七八九十', '一'].forEach((t) => s.text(t))).result).toEqual({
			problem: 'it has more than 20 characters'
		});
		expect(seg((s) => s.text('<b0>粗</b0>'), true)).toEqual({ result: { block: { type: 'paragraph', content: [{ type: 'text', text: '粗' }] } }, dropped: 1 });
		expect(seg((s) => s.text('<b0>粗</b0>')).result).toEqual({ block: { type: 'paragraph', content: [{ type: 'text', text: '<b0>粗</b0>' }] } });
	});
});
