import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { undo } from 'prosemirror-history';
import { describe, expect, it } from 'vitest';
import { buildPlugins } from './plugins';
import { docFromBlock, schema } from './schema';

function setUp(text: string, caret: number) {
	const doc = docFromBlock({ type: 'paragraph', content: [{ type: 'text', text }] }, { type: 'paragraph' });
	const plugins = buildPlugins(schema, { keys: { saveAndNext() {}, move() {}, discard() {} }, term: (n) => (n === 1 ? 'Ten Million Project' : null) });
	const view = {
		state: EditorState.create({ doc, plugins, selection: TextSelection.create(doc, caret) }),
		dispatch(tr: Transaction) {
			view.state = view.state.apply(tr);
		}
	};
	const press = (key: string) => {
		const event = { key, ctrlKey: true, shiftKey: true, altKey: false, metaKey: false, keyCode: key.charCodeAt(0) } as KeyboardEvent;
		return view.state.plugins.some((p) => p.props.handleKeyDown?.call(p, view as never, event));
	};
	return { view, press };
}

describe('Ctrl+Shift+n inserts the nth glossary term', () => {
	it('at the caret, as its own undo step', () => {
		const { view, press } = setUp('the  is', 5);
		expect(press('1')).toBe(true);
		expect(view.state.doc.textContent).toBe('the Ten Million Project is');
		undo(view.state, view.dispatch);
		expect(view.state.doc.textContent).toBe('the  is');
	});

	it('after a word, with a space before it', () => {
		const { view, press } = setUp('the', 4);
		press('1');
		expect(view.state.doc.textContent).toBe('the Ten Million Project');
	});

	it('after punctuation with a space, after an opening quote without', () => {
		const ended = setUp('Done.', 6);
		ended.press('1');
		expect(ended.view.state.doc.textContent).toBe('Done. Ten Million Project');
		const quoted = setUp('the “', 6);
		quoted.press('1');
		expect(quoted.view.state.doc.textContent).toBe('the “Ten Million Project');
	});

	it('leaves the key alone when the segment has no such term', () => {
		const { view, press } = setUp('the', 4);
		expect(press('2')).toBe(false);
		expect(view.state.doc.textContent).toBe('the');
	});
});
