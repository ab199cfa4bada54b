/* eslint-disable svelte/prefer-svelte-reactivity -- the plain Maps are caches and a work queue that nothing renders; what rows show is in the SvelteMap. */
import { flushSync } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { glossaryMatcher } from '../glossary/check';
import type { GlossaryEntry } from '../glossary/types';
import { plainText, type Block } from '../import/model';
import { runChecks, type RunOptions } from '../qa/run';
import type { QaContext, QaIssue } from '../qa/types';
import type { QaChecker } from './qa-plugin';
import { numberedTerm, sourceTerms, type SourceTerm } from './source-terms';

// QA and the glossary for the workspace page: one per page, so the glossary is compiled once
// (the matcher is kept per entries array) and every row's checks share it. The open editor
// checks as the translator types (qa-plugin.ts); the other rows get their counts lazily, for
// rows the page has rendered, a few at a time while the browser is idle, cached per text.

/** What the page load sends: accepted glossary entries, the project's severities, and the MT where it is not the saved text. */
export interface WorkspaceQaData {
	glossary: GlossaryEntry[];
	severities: NonNullable<RunOptions['severities']>;
	/** Machine translations that differ from the saved text; elsewhere the saved text is the MT (or there is none). */
	mt: Record<number, string>;
}

/** The part of a workspace row QA reads. */
export interface QaRow {
	id: number;
	source: Block;
	target: Block | null;
	draft: Block | null;
	differsFromMt: boolean;
}

type Deadline = { timeRemaining(): number };
type Idle = (fn: (deadline: Deadline) => void) => void;

const browserIdle: Idle = (fn) => {
	if (globalThis.requestIdleCallback) globalThis.requestIdleCallback(fn, { timeout: 1000 });
	else setTimeout(() => fn({ timeRemaining: () => 8 }), 16);
};

// The server renders rows without counts or term highlights (nothing to wait for there); the
// browser fills them in as it finds time.
const defaultIdle: Idle = typeof window === 'undefined' ? () => {} : browserIdle;

export class WorkspaceQa {
	readonly context: QaContext;
	readonly options: RunOptions;
	#mt = new Map<number, string | null>();
	#sourceText = new Map<number, string>();
	#terms = new Map<number, SourceTerm[]>();
	/** The last counted text of each row: row id → the block it was counted for and its issues. */
	#counted = new SvelteMap<number, { block: Block | null; issues: QaIssue[] }>();
	/** Terms found so far, by row: what the source column shows. */
	#shownTerms = new SvelteMap<number, SourceTerm[]>();
	/** Work waiting for an idle moment, by key: one job per row and kind, the latest wins. */
	#queue = new Map<string, () => void>();
	#scheduled = false;
	#idle: Idle;

	constructor(data: WorkspaceQaData, langs: { sourceLang: string; targetLang: string }, rows: readonly QaRow[], idle: Idle = defaultIdle) {
		this.context = { sourceLang: langs.sourceLang, targetLang: langs.targetLang, glossary: data.glossary };
		this.options = { severities: data.severities };
		this.#idle = idle;
		for (const row of rows) {
			// Where the saved text does not differ from the MT, it is the MT (or there was none and it is empty).
			const mt = data.mt[row.id] ?? (row.differsFromMt || !row.target ? null : plainText(row.target));
			this.#mt.set(row.id, mt);
		}
		// Indexing a large glossary takes a while, once per side: two idle moments of their own, before
		// any row needs it, rather than inside the first keystroke's check.
		if (data.glossary.length) {
			const matcher = glossaryMatcher(data.glossary);
			this.#enqueue('warm:source', () => matcher.find('\u0000', 'source', langs.sourceLang));
			this.#enqueue('warm:target', () => matcher.find('\u0000', 'target', langs.targetLang));
		}
	}

	sourceText(row: QaRow): string {
		let text = this.#sourceText.get(row.id);
		if (text === undefined) {
			text = plainText(row.source);
			this.#sourceText.set(row.id, text);
		}
		return text;
	}

	/** The checker the row's editor runs on every change of its text. */
	checker(row: QaRow): QaChecker {
		const source = this.sourceText(row);
		const mt = this.#mt.get(row.id) ?? null;
		return (target, block) => runChecks({ source, target, mt, sourceBlock: row.source, targetBlock: block }, this.context, this.options);
	}

	check(row: QaRow, block: Block | null): QaIssue[] {
		return this.checker(row)(block ? plainText(block) : '', block ?? { type: 'paragraph' });
	}

	/**
	 * The issues of the row's current text, as last counted: may lag a moment behind (null before
	 * the first count) while the row waits for an idle moment. Reactive per row.
	 */
	counted(row: QaRow): QaIssue[] | null {
		const block = row.draft ?? row.target;
		const entry = this.#counted.get(row.id);
		if (!entry || entry.block !== block) {
			this.#enqueue(`count:${row.id}`, () => {
				const now = row.draft ?? row.target;
				if (this.#counted.get(row.id)?.block !== now) this.#counted.set(row.id, { block: now, issues: this.check(row, now) });
			});
		}
		return entry?.issues ?? null;
	}

	/** The glossary terms in the row's source, for the source column: found in an idle moment (none until then). Reactive per row. */
	shownTerms(row: QaRow): SourceTerm[] {
		const shown = this.#shownTerms.get(row.id);
		if (!shown) this.#enqueue(`terms:${row.id}`, () => this.#shownTerms.set(row.id, this.terms(row)));
		return shown ?? [];
	}

	/** The glossary terms in the row's source, now (computed once: sources do not change). */
	terms(row: QaRow): SourceTerm[] {
		let terms = this.#terms.get(row.id);
		if (!terms) {
			const glossary = this.context.glossary ?? [];
			terms = glossary.length ? sourceTerms(glossaryMatcher(glossary), this.sourceText(row), this.context.sourceLang) : [];
			this.#terms.set(row.id, terms);
		}
		return terms;
	}

	/** The nth term of the row's source (Ctrl+Shift+n). */
	term(row: QaRow, n: number): string | null {
		return numberedTerm(this.terms(row), n);
	}

	#enqueue(key: string, job: () => void): void {
		if (this.#queue.has(key)) return;
		this.#queue.set(key, job);
		if (this.#scheduled) return;
		this.#scheduled = true;
		this.#idle((deadline) => this.#drain(deadline));
	}

	// Works while the browser has time to spare, so scrolling and typing never wait for it. Each
	// job's row is redrawn before the next starts, so the deadline counts the drawing too.
	#drain(deadline: Deadline): void {
		this.#scheduled = false;
		for (const [key, job] of this.#queue) {
			if (deadline.timeRemaining() < 3) break;
			this.#queue.delete(key);
			job();
			flushSync();
		}
		if (this.#queue.size > 0) {
			this.#scheduled = true;
			this.#idle((next) => this.#drain(next));
		}
	}
}
