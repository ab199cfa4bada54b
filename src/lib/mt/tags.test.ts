import { describe, expect, it } from 'vitest';
import { fromEngineAnswer, toEngineSegment } from './tags';
import type { Block } from '../import/model';

const link = { type: 'link' as const, attrs: { href: 'https://example.org/a?b=1&c=2', title: null } };
const block: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: '黑龙江 ' },
		{ type: 'text', text: '加粗 ', marks: [{ type: 'strong' }] },
		{ type: 'text', text: '斜体', marks: [{ type: 'em' }, { type: 'strong' }] },
		{ type: 'text', text: ' 结束', marks: [{ type: 'strong' }] },
		{ type: 'hard_break' },
		{ type: 'text', text: '新华社', marks: [link] },
		{ type: 'text', text: ' <报道> & 更多' }
	]
};

describe('toEngineSegment', () => {
	it('keeps an open mark open around the marks inside it, and sends no address', () => {
		const sent = toEngineSegment(block, 'html');
		expect(sent.text).toBe('黑龙江 <b id="1">加粗 <i id="2">斜体</i> 结束</b><br><a id="3">新华社</a> &lt;报道&gt; &amp; 更多');
		expect(sent.text).not.toContain('example.org');
		expect(sent.spans.map((s) => [s.id, s.mark.type, s.parent, s.text])).toEqual([
			[1, 'strong', null, '加粗 斜体 结束'],
			[2, 'em', 1, '斜体'],
			[3, 'link', null, '新华社']
		]);
	});

	it('numbers placeholder tags for chat models', () => {
		expect(toEngineSegment(block, 'placeholders').text).toBe('黑龙江 <g1>加粗 <g2>斜体</g2> 结束</g1><br/><g3>新华社</g3> &lt;报道&gt; &amp; 更多');
	});

	it('keeps a mark open across a line break', () => {
		const broken: Block = {
			type: 'heading',
			attrs: { level: 2 },
			content: [{ type: 'text', text: 'a', marks: [{ type: 'strong' }] }, { type: 'hard_break' }, { type: 'text', text: 'b', marks: [{ type: 'strong' }] }]
		};
		const sent = toEngineSegment(broken, 'html');
		expect(sent.text).toBe('<b id="1">a<br>b</b>');
		expect(fromEngineAnswer(sent.text, sent)).toEqual({ ok: true, block: broken, formattingLost: false });
	});
});

describe('fromEngineAnswer', () => {
	const sent = toEngineSegment(block, 'html');

	it('restores the formatting of a translation that kept its tags, wherever they moved', () => {
		const answer = fromEngineAnswer('<a id="3">Xinhua</a> reports: <b id="1">bold <i id="2">italic</i> end</b><br>in Heilongjiang &amp; more', sent);
		expect(answer).toEqual({
			ok: true,
			formattingLost: false,
			block: {
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Xinhua', marks: [link] },
					{ type: 'text', text: ' reports: ' },
					{ type: 'text', text: 'bold ', marks: [{ type: 'strong' }] },
					{ type: 'text', text: 'italic', marks: [{ type: 'em' }, { type: 'strong' }] },
					{ type: 'text', text: ' end', marks: [{ type: 'strong' }] },
					{ type: 'hard_break' },
					{ type: 'text', text: 'in Heilongjiang & more' }
				]
			}
		});
	});

	it('keeps the words of a dropped tag and says what was lost', () => {
		const answer = fromEngineAnswer('Xinhua reports <b id="1">bold italic end</b> more', sent);
		expect(answer).toMatchObject({
			ok: true,
			formattingLost: true,
			lost: ['italic on “斜体”', 'the link on “新华社” (https://example.org/a?b=1&c=2)', 'a line break']
		});
	});

	it('gives up a duplicated, unclosed, renamed or decorated tag but keeps its words', () => {
		const cases = [
			'<b id="1">bold</b> <b id="1">again</b> <i id="2">i</i><a id="3">X</a><br>',
			'<b id="1">bold <i id="2">i</i><a id="3">X</a><br> never closed',
			'<u id="1">bold</u> <i id="2">i</i><a id="3">X</a><br>',
			'<b id="1" class="x">bold</b> <i id="2">i</i><a id="3">X</a><br>',
			'<b id="1">bold</b> <i id="2">i</i><a id="3" href="https://evil.example">X</a><br>',
			'<b id="1">bold</b> <i id="2">i</i><b id="3">X</b><br>'
		];
		for (const text of cases) {
			const answer = fromEngineAnswer(text, sent);
			expect(answer.ok, text).toBe(true);
			if (!answer.ok) continue;
			expect(answer.formattingLost, text).toBe(true);
			const links = (answer.block.content ?? []).flatMap((n) => (n.type === 'text' ? (n.marks ?? []) : [])).filter((m) => m.type === 'link');
			expect(
				links.every((m) => m.type === 'link' && m.attrs.href === link.attrs.href),
				text
			).toBe(true);
		}
	});

	it('reads mis-nested tags without inventing formatting', () => {
		const answer = fromEngineAnswer('<b id="1">a <i id="2">b</b> c</i> <a id="3">X</a><br>y', sent);
		expect(answer).toMatchObject({ ok: true, formattingLost: true, lost: ['italic on “斜体”'] });
	});

	it('refuses an answer with no text, and one too long for a segment', () => {
		expect(fromEngineAnswer('<b id="1"> </b>', sent)).toEqual({ ok: false, error: 'The engine answered with no text.' });
		expect(fromEngineAnswer('x'.repeat(20_001), sent)).toMatchObject({ ok: false });
	});

	it('treats scripts and comments in an answer as text or nothing', () => {
		const answer = fromEngineAnswer(
			'<script>alert(1)</script><!-- note -->Hello',
			toEngineSegment({ type: 'paragraph', content: [{ type: 'text', text: '你好' }] }, 'html')
		);
		expect(answer).toEqual({ ok: true, formattingLost: false, block: { type: 'paragraph', content: [{ type: 'text', text: 'alert(1)Hello' }] } });
	});
});
