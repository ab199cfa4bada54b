import { undo } from 'prosemirror-history';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_GLOSSARY } from '../glossary/demo';
import { plainText, type Block } from '../import/model';
import { runChecks } from '../qa/run';
import type { QaIssue } from '../qa/types';
import { buildPlugins } from './plugins';
import { applyFix, docText, posAtOffset, qaIssues, qaKey, qaPlugin, rangeOfSpan, revealIssue, type QaChecker } from './qa-plugin';
import { docFromBlock, schema } from './schema';

const bold = [{ type: 'strong' as const }];
const link = [{ type: 'link' as const, attrs: { href: 'https://example.org/', title: null } }];
const like: Block = { type: 'paragraph' };

/** "ab⏎cd" with "cd" bold, then "ef" linked: every kind of node and mark the schema has. */
const mixed: Block = {
	type: 'paragraph',
	content: [{ type: 'text', text: 'ab' }, { type: 'hard_break' }, { type: 'text', text: 'cd', marks: bold }, { type: 'text', text: 'ef', marks: link }]
};

function setUp(block: Block, check: QaChecker) {
	const onIssues = vi.fn();
	const plugins = buildPlugins(schema, { keys: { saveAndNext() {}, move() {}, discard() {} }, qa: { check, onIssues } });
	const view = {
		state: EditorState.create({ doc: docFromBlock(block, like), plugins }),
		dispatch(tr: Transaction) {
			view.state = view.state.apply(tr);
		},
		focus: vi.fn()
	};
	return { view, onIssues };
}

/** The document text a decoration covers. */
function decorated(state: EditorState): string[] {
	return qaKey
		.getState(state)!
		.decorations.find()
		.map((d) => state.doc.textBetween(d.from, d.to, '', '\n'));
}

describe('plain-text offsets and document positions', () => {
	const doc = docFromBlock(mixed, like);

	it('reads the text as plainText does: hard breaks as one newline, marks ignored', () => {
		expect(docText(doc)).toBe(plainText(mixed));
		expect(docText(doc)).toBe('ab\ncdef');
	});

	it('maps every offset to the position before the same character, across breaks and marks', () => {
		const text = docText(doc);
		for (let offset = 0; offset < text.length; offset++) {
			const pos = posAtOffset(doc, offset);
			const char = doc.textBetween(pos, pos + 1, '', '\n');
			expect(char, `offset ${offset}`).toBe(text[offset]);
		}
		expect(posAtOffset(doc, text.length)).toBe(doc.content.size - 1);
		expect(posAtOffset(doc, text.length + 5)).toBe(doc.content.size - 1);
	});

	it('turns a span across a mark boundary into the range of the same text', () => {
		const { from, to } = rangeOfSpan(doc, { start: 4, end: 6 });
		expect(doc.textBetween(from, to)).toBe('de');
	});

	it('keeps UTF-16 offsets for characters outside the BMP', () => {
		const emoji = docFromBlock({ type: 'paragraph', content: [{ type: 'text', text: 'a😀b' }] }, like);
		const { from, to } = rangeOfSpan(emoji, { start: 3, end: 4 });
		expect(emoji.textBetween(from, to)).toBe('b');
	});
});

describe('the QA plugin', () => {
	const flagWord =
		(word: string): QaChecker =>
		(target) => {
			const at = target.indexOf(word);
			return at < 0 ? [] : [{ check: 'test', severity: 'warning', message: `No “${word}”.`, target: { start: at, end: at + word.length } }];
		};

	it('decorates the flagged span, with the severity as a class and the message as a title', () => {
		const { view } = setUp(mixed, flagWord('de'));
		expect(decorated(view.state)).toEqual(['de']);
		const [deco] = qaKey.getState(view.state)!.decorations.find();
		expect((deco as unknown as { type: { attrs: Record<string, string> } }).type.attrs).toMatchObject({ class: 'qa-flag qa-warning', title: 'No “de”.' });
	});

	it('recomputes when the document changes and only then', () => {
		const check = vi.fn(flagWord('x'));
		const { view } = setUp(mixed, check);
		expect(check).toHaveBeenCalledTimes(1);
		view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 2)));
		view.dispatch(view.state.tr.setMeta('anything', true));
		expect(check).toHaveBeenCalledTimes(1);
		view.dispatch(view.state.tr.insertText('x', 1));
		expect(check).toHaveBeenCalledTimes(2);
		expect(decorated(view.state)).toEqual(['x']);
	});

	it('gives the checker the text and block the editor holds', () => {
		const check = vi.fn<QaChecker>(() => []);
		setUp(mixed, check);
		const [text, block] = check.mock.calls[0];
		expect(text).toBe('ab\ncdef');
		expect(block).toEqual(mixed);
	});

	it('draws no decoration for an issue about the whole segment or an empty span', () => {
		const check: QaChecker = () => [
			{ check: 'a', severity: 'info', message: 'whole' },
			{ check: 'b', severity: 'error', message: 'empty', target: { start: 2, end: 2 } }
		];
		const { view } = setUp(mixed, check);
		expect(qaIssues(view.state)).toHaveLength(2);
		expect(decorated(view.state)).toEqual([]);
	});

	it('keeps typing going when a checker throws', () => {
		const { view } = setUp(mixed, () => {
			throw new Error('bug');
		});
		expect(qaIssues(view.state)).toEqual([]);
	});
});

describe('the demo headline, checked for real', () => {
	const source = '学思想、强党性、重实践、建新功丨省科技厅学习研讨“千万工程”案例';
	const target: Block = {
		type: 'heading',
		attrs: { level: 1 },
		content: [
			{ type: 'text', text: 'Build new achievements', marks: bold },
			{ type: 'text', text: '丨Provincial Department of Science and Technology studies the' },
			{ type: 'hard_break' },
			{ type: 'text', text: '“Ten Thousand Projects”' }
		]
	};
	const check: QaChecker = (text, block) =>
		runChecks({ source, target: text, mt: null, targetBlock: block }, { sourceLang: 'zh-Hans', targetLang: 'en', glossary: DEMO_GLOSSARY });

	it('flags the full-width bar and the wrong term, and each fix repairs its own text as one undo step', () => {
		const { view } = setUp(target, check);
		expect(decorated(view.state)).toEqual(expect.arrayContaining(['丨', 'Ten Thousand Projects']));
		const bar = qaIssues(view.state).find((i) => i.check === 'leftover-script')!;
		expect(applyFix(view as never, bar)).toBe(true);
		expect(docText(view.state.doc)).toContain('achievements|Provincial');
		expect(view.state.doc.firstChild!.firstChild!.marks.map((m) => m.type.name)).toEqual(['strong']);

		const term = qaIssues(view.state).find((i) => i.check === 'glossary' && i.fix)!;
		expect(applyFix(view as never, term)).toBe(true);
		expect(docText(view.state.doc)).toContain('the\n“Ten Million Projects”');
		expect(qaIssues(view.state).filter((i: QaIssue) => i.severity === 'error')).toEqual([]);

		undo(view.state, view.dispatch);
		expect(docText(view.state.doc)).toContain('Ten Thousand Projects');
		expect(docText(view.state.doc)).toContain('achievements|Provincial');
	});

	it('does not apply a fix found in text that has changed since', () => {
		const { view } = setUp(target, check);
		const bar = qaIssues(view.state).find((i) => i.check === 'leftover-script')!;
		view.dispatch(view.state.tr.insertText('New: ', 1));
		expect(applyFix(view as never, bar)).toBe(false);
	});

	it('selects the flagged text when an issue is revealed', () => {
		const { view } = setUp(target, check);
		const bar = qaIssues(view.state).find((i) => i.check === 'leftover-script')!;
		revealIssue(view as never, bar);
		const { from, to } = view.state.selection;
		expect(view.state.doc.textBetween(from, to)).toBe('丨');
		expect(view.focus).toHaveBeenCalled();
	});
});

describe('the plugin alone', () => {
	it('tells its listener the issues when the editor opens and when they change', () => {
		const onIssues = vi.fn();
		const plugin = qaPlugin({ check: (t) => (t.includes('!') ? [{ check: 'x', severity: 'info', message: '!' }] : []), onIssues });
		const state = EditorState.create({ doc: docFromBlock(mixed, like), plugins: [plugin] });
		const spec = plugin.spec.view!({ state } as never);
		expect(onIssues).toHaveBeenCalledWith([]);
		const next = state.apply(state.tr.insertText('!', 1));
		spec.update!({ state: next } as never, state);
		expect(onIssues).toHaveBeenLastCalledWith([expect.objectContaining({ message: '!' })]);
		spec.update!({ state: next.apply(next.tr.setMeta('x', 1)) } as never, next);
		expect(onIssues).toHaveBeenCalledTimes(2);
	});
});
