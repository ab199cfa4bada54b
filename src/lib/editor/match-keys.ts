import { closeHistory } from 'prosemirror-history';
import type { Node } from 'prosemirror-model';
import { Plugin, type Command } from 'prosemirror-state';

// Translation-memory matches into the translation without the mouse: Ctrl+1…9 puts match n in
// place of the segment's text, formatting and all, as one undoable step (Ctrl+Z brings the text
// back), as Trados, memoQ and MateCat do. Ctrl, not Cmd: Cmd+1…9 switch tabs on macOS. The key is
// read by its place (Digit1…), not by what it types: on AZERTY the unshifted digit row types &é"…,
// and a keymap would also take Ctrl+Shift+n, the glossary's, when the segment has no nth term.

/** Replaces the whole text with `doc`'s content, as its own undo step. */
export function useMatch(doc: Node): Command {
	return (state, dispatch) => {
		dispatch?.(closeHistory(state.tr.replaceWith(0, state.doc.content.size, doc.content)).scrollIntoView());
		return true;
	};
}

/** `match(n)` is the nth match as an editor document, or null (then the key does what it normally does). */
export function matchKeys(match: (n: number) => Node | null): Plugin {
	return new Plugin({
		props: {
			handleKeyDown(view, event) {
				if (!event.ctrlKey || event.shiftKey || event.altKey || event.metaKey) return false;
				const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code ?? '');
				if (!digit) return false;
				const doc = match(Number(digit[1]));
				return doc ? useMatch(doc)(view.state, view.dispatch) : false;
			}
		}
	});
}
