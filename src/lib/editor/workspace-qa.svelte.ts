/* eslint-disable svelte/prefer-svelte-reactivity -- the plain Maps are caches and a work queue that nothing renders; what rows show is in each row's RowQa. */
import { flushSync } from 'svelte';
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
/** Work for an idle moment; false when it stopped at the deadline and wants another moment. */
type Job = (deadline: Deadline) => boolean | void;

/**
 * What a row shows, in state of its own: a row redraws when its own count or terms arrive. (A
 * SvelteMap read of a missing key subscribes to the whole map, so each count would wake every
 * row still waiting for one: 2,000 rows, 2,000 redraws a count.)
 */
class RowQa {
	counted = $state.raw<{ block: Block | null; issues: QaIssue[] } | null>(null);
	shownTerms = $state.raw<SourceTerm[] | null>(null);
}
type Idle = (fn: (deadline: Deadline) => void) => void;

/** The most of an idle moment one round of QA work takes, in milliseconds… */
const IDLE_SLICE_MS = 10;
/** …of which this many are left to the browser. */
const LEAVE_MS = 3;
const spent = (deadline: Deadline) => deadline.timeRemaining() < LEAVE_MS;

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
	/**
	 * By row: the last counted text (the block it was counted for, and its issues) and the terms
	 * found so far. Made for every row up front: state made inside a row's render is not tracked
	 * by that render, so a row made later would never redraw.
	 */
	#shown = new Map<number, RowQa>();
	/** Work waiting for an idle moment, by key: one job per row and kind, the first stays. */
	#queue = new Map<string, Job>();
	#scheduled = false;
	#idle: Idle;
	#now: () => number;

	constructor(
		data: WorkspaceQaData,
		langs: { sourceLang: string; targetLang: string },
		rows: readonly QaRow[],
		idle: Idle = defaultIdle,
		now: () => number = () => performance.now()
	) {
		this.context = { sourceLang: langs.sourceLang, targetLang: langs.targetLang, glossary: data.glossary };
		this.options = { severities: data.severities };
		this.#idle = idle;
		this.#now = now;
		for (const row of rows) {
			// Where the saved text does not differ from the MT, it is the MT (or there was none and it is empty).
			const mt = data.mt[row.id] ?? (row.differsFromMt || !row.target ? null : plainText(row.target));
			this.#mt.set(row.id, mt);
			this.#shown.set(row.id, new RowQa());
		}
		// Indexing a large glossary takes a while (5,000 entries: tens of milliseconds a side), so it
		// is done in slices, idle moment after idle moment, before any row needs it rather than
		// inside the first keystroke's check.
		if (data.glossary.length) {
			const matcher = glossaryMatcher(data.glossary);
			for (const [side, lang] of [
				['source', langs.sourceLang],
				['target', langs.targetLang]
			] as const) {
				this.#enqueue(`warm:${side}`, (deadline) => matcher.prepare(side, lang, () => spent(deadline)));
			}
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
		const shown = this.#shown.get(row.id);
		if (!shown) return null;
		const entry = shown.counted;
		if (!entry || entry.block !== block) {
			this.#enqueue(`count:${row.id}`, () => {
				const now = row.draft ?? row.target;
				if (shown.counted?.block !== now) shown.counted = { block: now, issues: this.check(row, now) };
			});
		}
		return entry?.issues ?? null;
	}

	/** The glossary terms in the row's source, for the source column: found in an idle moment (none until then). Reactive per row. */
	shownTerms(row: QaRow): SourceTerm[] {
		const shown = this.#shown.get(row.id);
		if (!shown) return [];
		const terms = shown.shownTerms;
		if (!terms) this.#enqueue(`terms:${row.id}`, () => void (shown.shownTerms = this.terms(row)));
		return terms ?? [];
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

	#enqueue(key: string, job: Job): void {
		if (this.#queue.has(key)) return;
		this.#queue.set(key, job);
		if (this.#scheduled) return;
		this.#scheduled = true;
		this.#idle((deadline) => this.#drain(deadline));
	}

	// Works while the browser has time to spare, so scrolling and typing never wait for it. Each
	// job's row is redrawn before the next starts, so the deadline counts the drawing too. An idle
	// moment may last 50 ms, but the browser cannot know a key is about to be pressed: the work
	// takes a short slice of it and leaves the rest for the next moment.
	#drain(idle: Deadline): void {
		this.#scheduled = false;
		const end = this.#now() + IDLE_SLICE_MS;
		const deadline: Deadline = { timeRemaining: () => Math.min(idle.timeRemaining(), end - this.#now()) };
		for (const [key, job] of this.#queue) {
			if (spent(deadline)) break;
			if (job(deadline) !== false) this.#queue.delete(key);
			flushSync();
		}
		if (this.#queue.size > 0) {
			this.#scheduled = true;
			this.#idle((next) => this.#drain(next));
		}
	}
}
