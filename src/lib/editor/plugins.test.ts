import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { describe, expect, it, vi } from 'vitest';
import type { Block } from '../import/model';
import { buildPlugins, isDirty, setSaved, type WorkspaceKeys } from './plugins';
import { blockFromDoc, docFromBlock, schema } from './schema';

const mt: Block = { type: 'paragraph', content: [{ type: 'text', text: 'Harbin held a festival.' }] };

/** Just enough of an EditorView for keymaps: state, dispatch, and key events by name. */
function setUp(content: Block | null = mt, saved: Block | null = mt) {
	const keys: WorkspaceKeys = { saveAndNext: vi.fn(), move: vi.fn(), discard: vi.fn() };
	const view = {
		state: EditorState.create({
			doc: docFromBlock(content, mt),
			plugins: buildPlugins(schema, { keys, saved: docFromBlock(saved, mt) })
		}),
		dispatch(tr: Transaction) {
			view.state = view.state.apply(tr);
		}
	};
	const press = (key: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) => {
		// keyCode as browsers send it: the keymap falls back to it for shifted letters (Ctrl+Shift+Z).
		const keyCode = /^[a-z]$/i.test(key) ? key.toUpperCase().charCodeAt(0) : 0;
		const event = { key, ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: false, keyCode } as KeyboardEvent;
		return view.state.plugins.some((p) => p.props.handleKeyDown?.call(p, view as never, event));
	};
	const type = (text: string) => view.dispatch(view.state.tr.insertText(text));
	const text = () => view.state.doc.textContent;
	return { view, keys, press, type, text };
}

describe('dirty tracking', () => {
	it('knows whether the document differs from the saved one, including after undo', () => {
		const { view, press, type } = setUp();
		expect(isDirty(view.state)).toBe(false);
		type('!');
		expect(isDirty(view.state)).toBe(true);
		press('z', { ctrl: true });
		expect(isDirty(view.state)).toBe(false);
		press('Z', { ctrl: true, shift: true });
		expect(isDirty(view.state)).toBe(true);
	});

	it('compares with a new saved version once told', () => {
		const { view, type } = setUp();
		type(' Again.');
		view.dispatch(setSaved(view.state.tr, view.state.doc));
		expect(isDirty(view.state)).toBe(false);
	});

	it('opens dirty when the content is an unsaved edit of the saved block', () => {
		const draft: Block = { type: 'paragraph', content: [{ type: 'text', text: 'Harbin held a fair.' }] };
		expect(isDirty(setUp(draft, mt).view.state)).toBe(true);
	});
});

describe('keys', () => {
	it('Escape puts the saved text back and reports that an edit was discarded', () => {
		const { view, keys, press, type, text } = setUp();
		type('Something else ');
		expect(press('Escape')).toBe(true);
		expect(text()).toBe('Harbin held a festival.');
		expect(isDirty(view.state)).toBe(false);
		expect(keys.discard).toHaveBeenCalledWith(true);
		// The discard is one undoable step.
		press('z', { ctrl: true });
		expect(text()).toBe('Something else Harbin held a festival.');
	});

	it('Escape on a clean editor only tells the workspace', () => {
		const { keys, press, text } = setUp();
		press('Escape');
		expect(keys.discard).toHaveBeenCalledWith(false);
		expect(text()).toBe('Harbin held a festival.');
	});

	it('hands Ctrl+Enter and Alt+arrows to the workspace', () => {
		const { keys, press } = setUp();
		press('Enter', { ctrl: true });
		expect(keys.saveAndNext).toHaveBeenCalledOnce();
		press('ArrowDown', { alt: true });
		press('ArrowUp', { alt: true });
		expect(keys.move).toHaveBeenNthCalledWith(1, 1);
		expect(keys.move).toHaveBeenNthCalledWith(2, -1);
	});

	it('Shift+Enter inserts a line break and Enter never splits the segment', () => {
		const { view, press } = setUp();
		view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 7)));
		press('Enter');
		expect(view.state.doc.childCount).toBe(1);
		press('Enter', { shift: true });
		expect(blockFromDoc(view.state.doc)).toEqual({
			type: 'paragraph',
			content: [{ type: 'text', text: 'Harbin' }, { type: 'hard_break' }, { type: 'text', text: ' held a festival.' }]
		});
	});

	it('Ctrl+B and Ctrl+I toggle bold and italic on the selection', () => {
		const { view, press } = setUp();
		view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, 7)));
		press('b', { ctrl: true });
		press('i', { ctrl: true });
		expect(blockFromDoc(view.state.doc).content?.[0]).toEqual({
			type: 'text',
			text: 'Harbin',
			marks: [{ type: 'em' }, { type: 'strong' }]
		});
	});
});
