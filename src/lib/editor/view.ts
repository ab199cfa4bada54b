import { closeHistory } from 'prosemirror-history';
import { EditorState, Selection, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Block } from '../import/model';
import { buildPlugins, isDirty, setSaved, type PluginOptions, type WorkspaceKeys } from './plugins';
import { blockFromDoc, docFromBlock, schema } from './schema';

// The part of the editor that needs the DOM. SegmentEditor.svelte imports this module
// dynamically, so ProseMirror is neither loaded on the server nor before a row is first edited.

export interface SegmentEditorOptions {
	/** What the editor opens with: the saved block, or an unsaved edit of it. */
	content: Block | null;
	/** The saved block the edit is compared with. */
	saved: Block | null;
	/** The source block: an empty segment takes its shape (paragraph, or heading of its level). */
	like: Block;
	/** Attributes of the editable element (role, aria-label, lang …). */
	attributes: Record<string, string>;
	keys: WorkspaceKeys;
	onChange: (block: Block, dirty: boolean) => void;
	/** Live QA and glossary keys (see plugins.ts). */
	qa?: PluginOptions['qa'];
	term?: PluginOptions['term'];
	/** The nth translation-memory match, for Ctrl+1…9. */
	match?: (n: number) => Block | null;
}

export interface SegmentEditorHandle {
	view: EditorView;
	/** Replaces the text as one undoable step (Escape, "Keep theirs"). */
	replace(block: Block | null): void;
	/** A new saved version to compare with: after a save, or someone else's version in a merge. */
	markSaved(block: Block | null): void;
	/** Focuses the editor, with the caret at the given point of the screen or at the end. */
	focus(at?: { left: number; top: number }): void;
	destroy(): void;
}

export function createSegmentEditor(place: HTMLElement, options: SegmentEditorOptions): SegmentEditorHandle {
	const savedDoc = docFromBlock(options.saved, options.like);
	const state = EditorState.create({
		doc: docFromBlock(options.content, options.like),
		plugins: buildPlugins(schema, {
			keys: options.keys,
			saved: savedDoc,
			qa: options.qa,
			term: options.term,
			match:
				options.match &&
				((n) => {
					const block = options.match!(n);
					return block ? docFromBlock(block, options.like) : null;
				})
		})
	});
	const view: EditorView = new EditorView(place, {
		state,
		attributes: options.attributes,
		dispatchTransaction(tr) {
			const next = view.state.apply(tr);
			const wasDirty = isDirty(view.state);
			view.updateState(next);
			if (tr.docChanged || wasDirty !== isDirty(next)) options.onChange(blockFromDoc(next.doc), isDirty(next));
		}
	});
	return {
		view,
		replace(block) {
			const doc = docFromBlock(block, options.like);
			view.dispatch(closeHistory(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content)));
		},
		markSaved(block) {
			view.dispatch(setSaved(view.state.tr, docFromBlock(block, options.like)));
		},
		focus(at) {
			const found = at ? view.posAtCoords(at) : null;
			const selection = found ? TextSelection.near(view.state.doc.resolve(found.pos)) : Selection.atEnd(view.state.doc);
			view.dispatch(view.state.tr.setSelection(selection));
			view.focus();
		},
		destroy() {
			view.destroy();
		}
	};
}
