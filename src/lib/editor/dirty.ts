import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';

export interface DirtyState {
	/** The document as last saved (or as loaded). */
	saved: Node;
	/** Whether the editor's document differs from `saved`. */
	dirty: boolean;
}

export const dirtyKey = new PluginKey<DirtyState>('dirty');

/**
 * Knows whether the segment differs from its saved content. Recomputes only when the document
 * changed or a new saved version is handed in, so typing costs one tree comparison per keystroke
 * (`Node.eq` stops at the first difference and shares unchanged subtrees).
 */
export function dirtyPlugin(saved?: Node): Plugin<DirtyState> {
	return new Plugin<DirtyState>({
		key: dirtyKey,
		state: {
			init: (_config, state) => ({ saved: saved ?? state.doc, dirty: saved ? !saved.eq(state.doc) : false }),
			apply(tr, value, _old, state) {
				const newSaved = tr.getMeta(dirtyKey) as Node | undefined;
				if (!newSaved && !tr.docChanged) return value;
				const base = newSaved ?? value.saved;
				return { saved: base, dirty: !base.eq(state.doc) };
			}
		}
	});
}

export function isDirty(state: EditorState): boolean {
	return dirtyKey.getState(state)?.dirty ?? false;
}

export function savedDoc(state: EditorState): Node | undefined {
	return dirtyKey.getState(state)?.saved;
}

/** Records `doc` as the saved version (after a save, or when someone else's version becomes the base). */
export function setSaved(tr: Transaction, doc: Node): Transaction {
	return tr.setMeta(dirtyKey, doc);
}
