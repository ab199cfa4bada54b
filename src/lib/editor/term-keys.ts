import { closeHistory } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Command, EditorState, Plugin, Transaction } from 'prosemirror-state';

// Glossary terms into the translation without the mouse: Ctrl+Shift+1…9 inserts the segment's
// nth source term (numbered in the source column). Ctrl, not Cmd, on every platform: Cmd+Shift+3…5
// take screenshots on macOS, Ctrl+1…9 are the translation memory's, and AltGr (Ctrl+Alt) types
// brackets on many European layouts.

/** The transaction that inserts `text` at the selection, with a space before it where it would touch the text before (not after a space or an opening bracket or quote). */
export function insertTermTr(state: EditorState, text: string): Transaction {
	const { $from, from, to } = state.selection;
	const before = $from.parent.textBetween(Math.max(0, $from.parentOffset - 1), $from.parentOffset, '', '\n');
	const spaced = before !== '' && !/[\s([{“‘"'«/-]/u.test(before) ? ` ${text}` : text;
	return closeHistory(state.tr.insertText(spaced, from, to)).scrollIntoView();
}

export function insertTerm(text: string): Command {
	return (state, dispatch) => {
		if (!text) return false;
		dispatch?.(insertTermTr(state, text));
		return true;
	};
}

/** `terms(n)` is the text of the nth term, or null (then the key types what it normally types). */
export function termKeys(terms: (n: number) => string | null): Plugin {
	const bindings: Record<string, Command> = {};
	for (let n = 1; n <= 9; n++) {
		bindings[`Ctrl-Shift-${n}`] = (state, dispatch) => {
			const text = terms(n);
			return text ? insertTerm(text)(state, dispatch) : false;
		};
	}
	return keymap(bindings);
}
