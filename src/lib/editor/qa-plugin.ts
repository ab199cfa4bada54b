import { closeHistory } from 'prosemirror-history';
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, TextSelection, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Block } from '../import/model';
import type { QaIssue, Span } from '../qa/types';
import { blockFromDoc } from './schema';

// Live QA in a segment editor, after the ProseMirror website's example/lint: the plugin's state
// holds the row's issues and their decorations, and recomputes only when the document changed,
// so moving the caret or focusing costs nothing. The checks themselves come from outside (the
// page's QA context knows the source, the MT, the glossary and the project's severities).

/** Checks the editor's text (plain, hard breaks as '\n') and block. */
export type QaChecker = (target: string, block: Block) => QaIssue[];

export interface QaPluginOptions {
	check: QaChecker;
	/** Told after every change of the issues (and once when the editor opens). */
	onIssues?: (issues: readonly QaIssue[]) => void;
}

export interface QaState {
	issues: readonly QaIssue[];
	decorations: DecorationSet;
}

export const qaKey = new PluginKey<QaState>('qa');

/** The User Timing measure each run of the checks records: bench/workspace.bench.ts reads it. */
export const QA_MEASURE = 'rendition:qa';

/**
 * The segment's plain text as QA reads it: what `plainText(block)` gives for the editor's block,
 * computed from the nodes the editor holds (text as is, any other inline node as '\n').
 */
export function docText(doc: Node): string {
	const block = doc.firstChild;
	if (!block) return '';
	let text = '';
	block.forEach((node) => {
		text += node.isText ? node.text! : '\n';
	});
	return text;
}

/**
 * Plain-text offset → document position. Marks add nothing to positions, a text node counts its
 * UTF-16 length and a hard break its one '\n'; walking the nodes keeps that true even for an
 * inline node whose size is not its text length. Offsets past the end clamp to the end.
 */
export function posAtOffset(doc: Node, offset: number): number {
	const block = doc.firstChild;
	if (!block) return 0;
	const start = 1;
	let text = 0;
	let pos = start;
	let found: number | null = null;
	block.forEach((node) => {
		if (found !== null) return;
		const length = node.isText ? node.text!.length : 1;
		if (offset <= text + length) {
			// Inside a non-text node there is no middle: its start or its end.
			found = node.isText ? pos + (offset - text) : offset === text ? pos : pos + node.nodeSize;
			return;
		}
		text += length;
		pos += node.nodeSize;
	});
	return found ?? start + block.content.size;
}

/** A plain-text span as document positions (from ≤ to). */
export function rangeOfSpan(doc: Node, span: Span): { from: number; to: number } {
	const from = posAtOffset(doc, Math.max(0, span.start));
	return { from, to: Math.max(from, posAtOffset(doc, Math.max(span.start, span.end))) };
}

function compute(doc: Node, check: QaChecker): QaState {
	const started = performance.now();
	let issues: QaIssue[];
	try {
		issues = check(docText(doc), blockFromDoc(doc));
	} catch {
		// The checks do not throw (their property tests say so); if one did, typing must go on.
		issues = [];
	}
	const decorations: Decoration[] = [];
	issues.forEach((issue, index) => {
		if (!issue.target) return;
		const { from, to } = rangeOfSpan(doc, issue.target);
		if (from === to) return;
		decorations.push(
			Decoration.inline(from, to, { class: `qa-flag qa-${issue.severity}`, title: issue.message, 'data-qa-issue': String(index) }, { issue: index })
		);
	});
	const state = { issues, decorations: DecorationSet.create(doc, decorations) };
	// Observers get every measure; clearing keeps the page's timeline buffer from growing per keystroke.
	performance.clearMeasures(QA_MEASURE);
	performance.measure(QA_MEASURE, { start: started });
	return state;
}

export function qaPlugin(options: QaPluginOptions): Plugin<QaState> {
	return new Plugin<QaState>({
		key: qaKey,
		state: {
			init: (_, state) => compute(state.doc, options.check),
			apply: (tr, previous) => (tr.docChanged ? compute(tr.doc, options.check) : previous)
		},
		props: {
			decorations: (state) => qaKey.getState(state)?.decorations
		},
		view(view) {
			let last = qaKey.getState(view.state)?.issues;
			if (last) options.onIssues?.(last);
			return {
				update(updated) {
					const issues = qaKey.getState(updated.state)?.issues;
					if (issues && issues !== last) {
						last = issues;
						options.onIssues?.(issues);
					}
				}
			};
		}
	});
}

export function qaIssues(state: EditorState): readonly QaIssue[] {
	return qaKey.getState(state)?.issues ?? [];
}

/** Applies an issue's fix as its own undo step (Ctrl+Z brings the flagged text back). */
export function applyFix(view: EditorView, issue: QaIssue): boolean {
	const fix = issue.fix;
	if (!fix) return false;
	// A fix belongs to the text it was found in: one from before the last change is not applied.
	if (!qaIssues(view.state).includes(issue)) return false;
	const { from, to } = rangeOfSpan(view.state.doc, fix.target);
	const tr = fix.replacement === '' ? view.state.tr.delete(from, to) : view.state.tr.insertText(fix.replacement, from, to);
	view.dispatch(closeHistory(tr).scrollIntoView());
	view.focus();
	return true;
}

/** Selects an issue's target span (or puts the caret at the end) and focuses the editor. */
export function revealIssue(view: EditorView, issue: QaIssue): void {
	const { doc } = view.state;
	const range = issue.target ? rangeOfSpan(doc, issue.target) : null;
	const selection = range ? TextSelection.create(doc, range.from, range.to) : TextSelection.atEnd(doc);
	view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
	view.focus();
}
