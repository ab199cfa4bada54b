import { describe, expect, it } from 'vitest';
import { countHtmlTags, parseHtml } from './html';
import { isBlock, plainText } from './model';

const texts = (input: string) => parseHtml(input).map(plainText);
const link = (href: string, title: string | null = null) => ({ type: 'link', attrs: { href, title } });

describe('parseHtml', () => {
	it('keeps bold, italic and links as marks', () => {
		expect(parseHtml('<p>Some <b>bold</b>, <em>italic</em>, <strong><i>both</i></strong> and <a href="https://example.org" title="T">a link</a>.</p>')).toEqual(
			[
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Some ' },
						{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
						{ type: 'text', text: ', ' },
						{ type: 'text', text: 'italic', marks: [{ type: 'em' }] },
						{ type: 'text', text: ', ' },
						{ type: 'text', text: 'both', marks: [{ type: 'em' }, { type: 'strong' }] },
						{ type: 'text', text: ' and ' },
						{ type: 'text', text: 'a link', marks: [link('https://example.org/', 'T')] },
						{ type: 'text', text: '.' }
					]
				}
			]
		);
	});
	it('makes headings their own segments', () => {
		expect(parseHtml('<h1>Title</h1>Loose text<h3>Sub <b>head</b></h3><p>Body</p>')).toEqual([
			{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
			{ type: 'paragraph', content: [{ type: 'text', text: 'Loose text' }] },
			{
				type: 'heading',
				attrs: { level: 3 },
				content: [
					{ type: 'text', text: 'Sub ' },
					{ type: 'text', text: 'head', marks: [{ type: 'strong' }] }
				]
			},
			{ type: 'paragraph', content: [{ type: 'text', text: 'Body' }] }
		]);
	});
	it('drops script, style and other non-text content entirely', () => {
		const input =
			'<p>Before<script>alert("SECRET")</script> after</p><style>p{color:red}SECRET</style>' +
			'<template><p>SECRET</p></template><iframe src="x">SECRET</iframe><object>SECRET</object>' +
			'<noscript>SECRET</noscript><svg><text>SECRET</text></svg><div hidden>SECRET</div><p>End</p>';
		expect(texts(input)).toEqual(['Before after', 'End']);
	});
	it('ignores the head of a full document', () => {
		expect(texts('<!doctype html><html><head><title>SECRET</title><meta charset="utf-8"></head><body><p>Hi</p></body></html>')).toEqual(['Hi']);
	});
	it('drops javascript: and other unsafe links but keeps their text', () => {
		const blocks = parseHtml(
			'<p><a href="javascript:alert(1)">one</a> <a href=" JaVaScRiPt:alert(1)">two</a> <a href="data:text/html,x">three</a> ' +
				'<a href="vbscript:x">four</a> <a href="/relative">five</a> <a>six</a> <a href="mailto:desk@example.org">seven</a></p>'
		);
		expect(plainText(blocks[0])).toBe('one two three four five six seven');
		const marks = (blocks[0].content ?? []).flatMap((node) => (node.type === 'text' ? (node.marks ?? []) : []));
		expect(marks).toEqual([link('mailto:desk@example.org')]);
	});
	it('never produces markup from the input: attributes and tags become nothing or text', () => {
		const blocks = parseHtml('<p onclick="alert(1)">x<img src=x onerror="alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
		expect(blocks).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'x<script>alert(1)</script>' }] }]);
	});
	it('splits list items, blockquote paragraphs, table cells and div text into segments', () => {
		expect(
			texts(
				'<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><blockquote><p>quoted</p><p>again</p></blockquote>' +
					'<div>div text<div>inner</div>tail</div><table><tr><td>cell 1</td><td>cell 2</td></tr></table>'
			)
		).toEqual(['one', 'two', 'nested', 'quoted', 'again', 'div text', 'inner', 'tail', 'cell 1', 'cell 2']);
	});
	it('collapses whitespace like a browser and keeps br as a hard break', () => {
		expect(parseHtml('<p>\n  Two   words\n  <b> bold </b> end<br>\n next line <br><br>third </p>')).toEqual([
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Two words ' },
					{ type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
					{ type: 'text', text: ' end' },
					{ type: 'hard_break' },
					{ type: 'text', text: 'next line' },
					{ type: 'hard_break' },
					{ type: 'hard_break' },
					{ type: 'text', text: 'third' }
				]
			}
		]);
	});
	it('joins a line break between Chinese characters without a space', () => {
		expect(texts('<p>本报讯 近日，省科技厅\n召开会议。\nEnglish\nwords</p>')).toEqual(['本报讯 近日，省科技厅召开会议。 English words']);
	});
	it('keeps preformatted lines', () => {
		expect(texts('<pre>a\n  b\n</pre>')).toEqual(['a\n  b']);
	});
	it('decodes entities and keeps CJK text and emoji intact', () => {
		expect(texts('<p>AT&amp;T &copy; &#x1F600; “浦江经验”“千万工程” 👩🏽‍🔬🇨🇳</p>')).toEqual(['AT&T © 😀 “浦江经验”“千万工程” 👩🏽‍🔬🇨🇳']);
	});
	it('copes with broken markup as a browser would', () => {
		const blocks = parseHtml('<p>one<b>bold<p>two</i></b><li>three<table><td>four');
		expect(blocks.map(plainText)).toEqual(['onebold', 'two', 'three', 'four']);
		expect(blocks.every(isBlock)).toBe(true);
	});
	it('walks very deep nesting without recursion', () => {
		// Deeper than a recursive walk could go (Node's stack holds roughly 10,000 frames).
		expect(texts(`${'<div>'.repeat(30_000)}deep`)).toEqual(['deep']);
	});
	it('stops at maxBlocks', () => {
		expect(parseHtml('<p>a</p>'.repeat(1000), { maxBlocks: 5 })).toHaveLength(5);
	});
});

describe('countHtmlTags', () => {
	it('counts start tags up to a bound', () => {
		expect(countHtmlTags('<p>a < b <b>x</b></p><br/>')).toBe(3);
		expect(countHtmlTags('<i>'.repeat(100), 10)).toBe(10);
	});
});
