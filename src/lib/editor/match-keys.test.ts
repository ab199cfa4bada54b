import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { undo } from 'prosemirror-history';
import { describe, expect, it } from 'vitest';
import { buildPlugins } from './plugins';
import { blockFromDoc, docFromBlock, schema } from './schema';
import type { Block } from '../import/model';

const MATCH: Block = {
	type: 'paragraph',
	content: [
		{ type: 'text', text: 'the ' },
		{ type: 'text', text: 'Ten Million Project', marks: [{ type: 'strong' }] }
	]
};

function setUp(text: string) {
	const doc = docFromBlock({ type: 'paragraph', content: [{ type: 'text', text }] }, { type: 'paragraph' });
	const plugins = buildPlugins(schema, {
		keys: { saveAndNext() {}, move() {}, discard() {} },
		match: (n) => (n === 1 ? docFromBlock(MATCH, { type: 'paragraph' }) : null)
	});
	const view = {
		state: EditorState.create({ doc, plugins, selection: TextSelection.create(doc, 2) }),
		dispatch(tr: Transaction) {
			view.state = view.state.apply(tr);
		}
	};
	const press = (key: string, mods: Partial<KeyboardEvent> = { ctrlKey: true }) => {
		const event = {
			key,
			ctrlKey: false,
			shiftKey: false,
			altKey: false,
			metaKey: false,
			keyCode: key.charCodeAt(0),
			code: `Digit${key}`,
			...mods
		} as KeyboardEvent;
		return view.state.plugins.some((p) => p.props.handleKeyDown?.call(p, view as never, event));
	};
	return { view, press };
}

describe('Ctrl+n puts the nth translation-memory match in place of the text', () => {
	it('with its formatting, as one undo step', () => {
		const { view, press } = setUp('machine text');
		expect(press('1')).toBe(true);
		expect(blockFromDoc(view.state.doc)).toEqual(MATCH);
		undo(view.state, view.dispatch);
		expect(view.state.doc.textContent).toBe('machine text');
	});

	it('reads the key by its place, whatever the layout types', () => {
		const { view, press } = setUp('machine text');
		expect(press('&', { ctrlKey: true, code: 'Digit1' })).toBe(true);
		expect(view.state.doc.textContent).toBe('the Ten Million Project');
	});

	it('leaves the key alone when there is no such match, and Ctrl+Shift+n to the glossary', () => {
		const { view, press } = setUp('machine text');
		expect(press('2')).toBe(false);
		expect(press('1', { ctrlKey: true, shiftKey: true })).toBe(false);
		expect(press('1', { ctrlKey: false, metaKey: true })).toBe(false);
		expect(view.state.doc.textContent).toBe('machine text');
	});
});
