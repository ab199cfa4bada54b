import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { closeHistory, history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Node, Schema } from 'prosemirror-model';
import type { Command, Plugin } from 'prosemirror-state';
import { dirtyPlugin, isDirty, savedDoc, setSaved } from './dirty';
import { qaPlugin, type QaPluginOptions } from './qa-plugin';
import { termKeys } from './term-keys';
import { matchKeys } from './match-keys';

export interface WorkspaceKeys {
	/** Mod-Enter: save this segment and go on to the next one. */
	saveAndNext: () => void;
	/** Alt-ArrowUp / Alt-ArrowDown. */
	move: (direction: -1 | 1) => void;
	/** Escape: after the unsaved edit was discarded (`hadEdit`), or on a clean editor. */
	discard: (hadEdit: boolean) => void;
}

export interface PluginOptions {
	keys: WorkspaceKeys;
	/** The saved document, when the editor opens with an unsaved edit (a draft, a merge). */
	saved?: Node;
	/** Live QA of the segment (see qa-plugin.ts). */
	qa?: QaPluginOptions;
	/** The segment's nth glossary term, for Ctrl+Shift+1…9. */
	term?: (n: number) => string | null;
	/** The nth translation-memory match as a document, for Ctrl+1…9. */
	match?: (n: number) => Node | null;
}

/** Shift-Enter: a line break inside the segment. */
function insertHardBreak(schema: Schema): Command {
	const br = schema.nodes.hard_break;
	return (state, dispatch) => {
		dispatch?.(state.tr.replaceSelectionWith(br.create()).scrollIntoView());
		return true;
	};
}

/** Escape: put the saved content back (one undoable step), then tell the workspace. */
function discardEdit(keys: WorkspaceKeys): Command {
	return (state, dispatch) => {
		const saved = savedDoc(state);
		const hadEdit = isDirty(state) && saved !== undefined;
		if (hadEdit && dispatch) {
			// Its own undo step, never merged into the typing before it: Ctrl+Z brings the edit back.
			dispatch(closeHistory(state.tr.replaceWith(0, state.doc.content.size, saved.content)));
		}
		keys.discard(hadEdit);
		return true;
	};
}

function call(fn: () => void): Command {
	return () => {
		fn();
		return true;
	};
}

/** A segment editor's plugins: history, formatting keys, the workspace's keys, dirty tracking, QA and glossary keys. */
export function buildPlugins(schema: Schema, options: PluginOptions): Plugin[] {
	const { keys } = options;
	return [
		history(),
		keymap({
			'Mod-z': undo,
			'Mod-Shift-z': redo,
			'Mod-y': redo,
			'Mod-b': toggleMark(schema.marks.strong),
			'Mod-i': toggleMark(schema.marks.em),
			'Shift-Enter': insertHardBreak(schema),
			'Mod-Enter': call(keys.saveAndNext),
			'Alt-ArrowUp': call(() => keys.move(-1)),
			'Alt-ArrowDown': call(() => keys.move(1)),
			Escape: discardEdit(keys),
			// One block per segment: Enter has nothing to split. Say so by doing nothing.
			Enter: () => true
		}),
		...(options.term ? [termKeys(options.term)] : []),
		...(options.match ? [matchKeys(options.match)] : []),
		keymap(baseKeymap),
		dirtyPlugin(options.saved),
		...(options.qa ? [qaPlugin(options.qa)] : [])
	];
}

export { isDirty, setSaved };
