import fc from 'fast-check';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderBlock, renderBlocks } from './render';
import type { Block, Inline, Mark } from '../import/model';

type Node = DefaultTreeAdapterMap['childNode'];

/** What a browser would see: element names and the text, from the rendered HTML. */
function parsed(html: string): { tags: string[]; text: string } {
	const tags: string[] = [];
	let text = '';
	const walk = (nodes: Node[]) => {
		for (const node of nodes) {
			if (node.nodeName === '#text') text += (node as DefaultTreeAdapterMap['textNode']).value;
			else if ('tagName' in node) {
				tags.push(node.tagName);
				if (node.tagName === 'br') text += '\n';
				walk(node.childNodes);
			}
		}
	};
	walk(parseFragment(html).childNodes);
	return { tags, text };
}

const mark: fc.Arbitrary<Mark> = fc.oneof(
	fc.constant({ type: 'strong' } as Mark),
	fc.constant({ type: 'em' } as Mark),
	fc.record({
		type: fc.constant('link' as const),
		attrs: fc.record({ href: fc.oneof(fc.webUrl(), fc.string()), title: fc.option(fc.string(), { nil: null }) })
	})
);
const inline: fc.Arbitrary<Inline> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			type: fc.constant('text' as const),
			text: fc.string({ unit: 'binary', minLength: 1 }),
			marks: fc.uniqueArray(mark, { selector: (m) => m.type, maxLength: 3 })
		})
	},
	{ weight: 1, arbitrary: fc.constant({ type: 'hard_break' } as Inline) }
);
const block: fc.Arbitrary<Block> = fc.oneof(
	fc.record({ type: fc.constant('paragraph' as const), content: fc.array(inline, { maxLength: 6 }) }),
	fc.record({
		type: fc.constant('heading' as const),
		attrs: fc.record({ level: fc.constantFrom(1, 2, 3, 4, 5, 6) as fc.Arbitrary<1 | 2 | 3 | 4 | 5 | 6> }),
		content: fc.array(inline, { maxLength: 6 })
	})
);

describe('renderBlock', () => {
	it('renders paragraphs, headings, marks, links and breaks', () => {
		const b: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'The ' },
				{ type: 'text', text: 'Ten Million', marks: [{ type: 'strong' }, { type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2', title: null } }] },
				{ type: 'hard_break' },
				{ type: 'text', text: 'Project', marks: [{ type: 'em' }] }
			]
		};
		expect(renderBlock(b)).toBe(
			'<p>The <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener"><strong>Ten Million</strong></a><br><em>Project</em></p>'
		);
		expect(renderBlock({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '黑龙江' }] })).toBe('<h2>黑龙江</h2>');
	});

	it('keeps markup characters as text and drops unsafe links, keeping their text', () => {
		const b: Block = {
			type: 'paragraph',
			content: [
				{ type: 'text', text: '<script>alert("x")</script> & \'quotes\'' },
				{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)', title: '"><img src=x onerror=alert(1)>' } }] }
			]
		};
		const html = renderBlock(b);
		expect(parsed(html)).toEqual({ tags: ['p'], text: '<script>alert("x")</script> & \'quotes\'click' });
		expect(escapeHtml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&#39;');
	});

	it('for any content: a browser reads back exactly the text, inside only the elements the model has', () => {
		fc.assert(
			fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (blocks) => {
				const { tags, text } = parsed(renderBlocks(blocks));
				// CR LF and CR become LF and NUL is dropped when rendering.
				const norm = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\0/g, '');
				const expected = blocks.map((b) => (b.content ?? []).map((n) => (n.type === 'text' ? norm(n.text) : '\n')).join('')).join('\n');
				expect(text).toBe(expected);
				for (const tag of tags) expect(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'a', 'br']).toContain(tag);
			}),
			{ numRuns: 300 }
		);
	});
});
