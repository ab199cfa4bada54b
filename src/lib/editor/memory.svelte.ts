import type { ConcordanceJson, MatchJson, MtMatchJson } from '../api';
import type { Block } from '../import/model';
import { listMatches, mtSuggestion, searchMemory } from './api';

// The workspace's view of the translation memory: matches for the segment being edited, fetched
// when the translator gets there and kept for the page's life (going back to a segment shows
// them at once), the project's engine's suggestion (asked for at the same time, on its own, so a
// slow engine never holds the matches back), and the concordance search.

export interface SegmentMatchesState {
	status: 'loading' | 'ready' | 'failed';
	matches: MatchJson[];
	minScore: number;
	error: string | null;
	/** The engine's suggestion: 'off' when the project has no engine. */
	mt: { status: 'off' | 'loading' | 'ready' | 'failed'; suggestion: MtMatchJson | null; error: string | null };
}

export interface ConcordanceState {
	query: string;
	status: 'idle' | 'loading' | 'ready' | 'failed';
	results: ConcordanceJson[];
	/** More units hold the phrase than are shown (or may: a common phrase is looked for in the newest units only). */
	more: boolean;
	error: string | null;
}

export class WorkspaceMemory {
	// Each entry is reactive state of its own; the map only finds it again, so it need not be.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly bySegment = new Map<number, SegmentMatchesState>();
	concordance: ConcordanceState = $state({ query: '', status: 'idle', results: [], more: false, error: null });
	/** Asks the panel to show the concordance and focus its box (Alt+K). */
	searchRequests = $state(0);
	private searchSeq = 0;

	constructor(
		private readonly projectId: number,
		/** The project's engine; null: no MT suggestion at all. */
		readonly engine: { id: number; name: string } | null = null
	) {}

	/** The segment's matches, loading them the first time they are asked for. */
	matchesOf(segmentId: number): SegmentMatchesState {
		let state = this.bySegment.get(segmentId);
		if (state) return state;
		const fresh: SegmentMatchesState = $state({
			status: 'loading',
			matches: [],
			minScore: 0,
			error: null,
			mt: { status: this.engine ? 'loading' : 'off', suggestion: null, error: null }
		});
		state = fresh;
		this.bySegment.set(segmentId, state);
		void this.load(segmentId, state);
		if (this.engine) void this.loadMt(segmentId, state);
		return state;
	}

	/** The nth entry (1-based) of a segment's list, the memory's matches then the MT suggestion: what Ctrl+n uses. */
	match(segmentId: number, n: number): { targetContent: Block } | null {
		const state = this.bySegment.get(segmentId);
		if (!state) return null;
		// The suggestion's number comes after the memory's matches, so it waits for them.
		const entries: (MatchJson | MtMatchJson)[] = state.mt.suggestion && state.status !== 'loading' ? [...state.matches, state.mt.suggestion] : state.matches;
		return entries[n - 1] ?? null;
	}

	async retry(segmentId: number): Promise<void> {
		const state = this.bySegment.get(segmentId);
		if (state) await this.load(segmentId, state);
	}

	async retryMt(segmentId: number): Promise<void> {
		const state = this.bySegment.get(segmentId);
		if (state && this.engine) await this.loadMt(segmentId, state);
	}

	private async loadMt(segmentId: number, state: SegmentMatchesState): Promise<void> {
		state.mt = { status: 'loading', suggestion: null, error: null };
		const answer = await mtSuggestion(segmentId);
		if (!answer.ok) state.mt = { status: 'failed', suggestion: null, error: answer.message };
		else if (answer.mtError) state.mt = { status: 'failed', suggestion: null, error: answer.mtError.message };
		else state.mt = { status: 'ready', suggestion: answer.matches[0] ?? null, error: null };
	}

	private async load(segmentId: number, state: SegmentMatchesState): Promise<void> {
		state.status = 'loading';
		state.error = null;
		const answer = await listMatches(segmentId);
		if (answer.ok) {
			state.matches = answer.matches;
			state.minScore = answer.minScore;
			state.status = 'ready';
		} else {
			state.error = answer.message;
			state.status = 'failed';
		}
	}

	/** Looks for a phrase; a newer search supersedes one still on its way. */
	async search(query: string): Promise<void> {
		const q = query.trim();
		const seq = ++this.searchSeq;
		this.concordance.query = q;
		if (!q) {
			this.concordance.status = 'idle';
			this.concordance.results = [];
			this.concordance.more = false;
			return;
		}
		this.concordance.status = 'loading';
		this.concordance.error = null;
		const answer = await searchMemory(this.projectId, q);
		if (seq !== this.searchSeq) return;
		if (answer.ok) {
			this.concordance.results = answer.results;
			this.concordance.more = answer.more;
			this.concordance.status = 'ready';
		} else {
			this.concordance.error = answer.message;
			this.concordance.status = 'failed';
		}
	}

	/** Alt+K: look for the selected text, or open the search box when nothing is selected. */
	searchSelection(selected: string): void {
		const phrase = selected.replace(/\s+/g, ' ').trim().slice(0, 200);
		this.searchRequests++;
		if (phrase) void this.search(phrase);
	}
}
