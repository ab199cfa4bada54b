import { describe, expect, it } from 'vitest';
import { sameBlock, type Block } from '../import/model';
import { blockFromDoc, docFromBlock, schema } from './schema';

const rich: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: 'Harbin ' },
		{ type: 'text', text: 'held', marks: [{ type: 'link', attrs: { href: 'https://example.com/', title: null } }, { type: 'strong' }] },
		{ type: 'hard_break' },
		{ type: 'text', text: 'a festival', marks: [{ type: 'em' }] }
	]
};

describe('schema', () => {
	it('round-trips a stored block through the editor document', () => {
		expect(sameBlock(blockFromDoc(docFromBlock(rich, rich)), rich)).toBe(true);
		const heading: Block = { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] };
		expect(blockFromDoc(docFromBlock(heading, rich))).toEqual(heading);
	});

	it('opens an untranslated segment as an empty block shaped like its source', () => {
		const source: Block = { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '标题' }] };
		const doc = docFromBlock(null, source);
		expect(doc.childCount).toBe(1);
		expect(doc.firstChild?.type.name).toBe('heading');
		expect(doc.firstChild?.attrs.level).toBe(3);
		expect(blockFromDoc(doc)).toEqual({ type: 'heading', attrs: { level: 3 } });
	});

	it('holds exactly one block: a second one does not fit', () => {
		const p = schema.nodes.paragraph.create();
		expect(() => schema.node('doc', null, [p, p]).check()).toThrow();
	});

	it('tidies what the editor leaves: outer spaces and trailing breaks go', () => {
		const doc = schema.node('doc', null, [schema.nodes.paragraph.create(null, [schema.text('  Hello  '), schema.nodes.hard_break.create()])]);
		expect(blockFromDoc(doc)).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] });
	});

	it('drops pasted links that are not safe absolute URLs', () => {
		const rule = schema.marks.link.spec.parseDOM?.[0];
		const attrs = (href: string) => (rule?.getAttrs as (el: unknown) => unknown)({ getAttribute: (n: string) => (n === 'href' ? href : null) });
		expect(attrs('javascript:alert(1)')).toBe(false);
		expect(attrs('/relative')).toBe(false);
		expect(attrs('https://example.com')).toEqual({ href: 'https://example.com/', title: null });
	});
});

describe('sameBlock', () => {
	it('ignores key order and absent versus empty marks or content', () => {
		const reordered = JSON.parse('{"content":[{"text":"Hi","type":"text","marks":[]}],"type":"paragraph"}') as Block;
		expect(sameBlock(reordered, { type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] })).toBe(true);
		expect(sameBlock({ type: 'paragraph', content: [] }, { type: 'paragraph' })).toBe(true);
	});

	it('tells different text, marks and block types apart', () => {
		const a: Block = { type: 'paragraph', content: [{ type: 'text', text: 'Hi' }] };
		expect(sameBlock(a, { type: 'paragraph', content: [{ type: 'text', text: 'Hi!' }] })).toBe(false);
		expect(sameBlock(a, { type: 'paragraph', content: [{ type: 'text', text: 'Hi', marks: [{ type: 'em' }] }] })).toBe(false);
		expect(sameBlock(a, { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Hi' }] })).toBe(false);
		expect(sameBlock(a, null)).toBe(false);
		expect(sameBlock(null, null)).toBe(true);
	});
});
