/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps and Sets here are rebuilt whole by $derived or are private bookkeeping (timers, queued re-saves) that nothing renders; the Date is a timestamp. */
import { tick } from 'svelte';
import * as api from './api';
import * as drafts from './drafts';
import { unsaveable } from './blocks';
import { SegmentRow, type RowVersion, type WorkspaceRowData } from './segment-row.svelte';
import { sameBlock, type Block } from '../import/model';
import { STATE_LABELS, isEdited, type SegmentState } from '../text/segment-state';
import { Announcer } from '../components/announcer.svelte';
import { step } from '../components/segment-navigation';
import { SaveRetries } from './save-retry';
import { matches, type Filter } from './filter';

export type { Filter };

// The workspace page's state and what it does, without its markup: which row is being edited,
// the save queue, conflicts and how they are resolved, drafts kept in the browser, filters, and
// the rows rendered so far. The page draws it; the rows' editors are reached through `view`.

export type FocusAt = { left: number; top: number } | 'end';

/** What the controller asks of the page: the rows' editors and read-only views. */
export interface WorkspaceView {
	/** The row's open editor shows `block`, as one undoable step. */
	replaceText(rowId: number, block: Block | null): void;
	focusEditor(rowId: number): void;
	focusView(rowId: number): void;
	scrollTo(rowId: number, where: ScrollLogicalPosition): void;
}

export type WorkspaceApi = Pick<typeof api, 'saveSegment' | 'getSegment'>;

export interface WorkspaceOptions {
	documentId: number;
	segments: readonly WorkspaceRowData[];
	canEdit: boolean;
	/** The translator's name: the last editor of what they save. */
	me: string;
	api?: WorkspaceApi;
}

// Long documents: the server renders the first rows, the browser adds the rest in small batches
// after the page is interactive, so hydration costs the same for 40 segments as for 2,000.
export const FIRST_ROWS = 80;
export const BATCH_ROWS = 150;
const DRAFT_DELAY_MS = 300;

const NO_VIEW: WorkspaceView = { replaceText() {}, focusEditor() {}, focusView() {}, scrollTo() {} };

export class Workspace {
	readonly documentId: number;
	readonly canEdit: boolean;
	readonly me: string;
	readonly rows: readonly SegmentRow[];
	readonly byId: ReadonlyMap<number, SegmentRow>;
	readonly announcer = new Announcer();
	/** Set by the page once its rows are mounted. */
	view: WorkspaceView = NO_VIEW;

	activeId = $state<number | null>(null);
	/** Where the caret goes when the active row's editor mounts. */
	focusAt = $state<FocusAt | null>(null);
	filter = $state<Filter>('all');
	query = $state('');
	renderedCount = $state(FIRST_ROWS);
	/** Drafts from an earlier visit, offered back until restored or discarded. */
	offered = $state.raw<drafts.Draft[]>([]);

	readonly visible = $derived.by(() => {
		const needle = this.query.trim().toLocaleLowerCase();
		return this.rows.filter((row) => matches(row, this.filter, needle));
	});
	readonly visibleIds = $derived(new Set(this.visible.map((r) => r.id)));
	readonly renderedRows = $derived.by(() => (this.rows.length <= this.renderedCount ? this.rows : this.rows.slice(0, this.renderedCount)));
	readonly editedCount = $derived.by(() => this.rows.filter((r) => isEdited(r.state)).length);
	readonly percent = $derived.by(() => (this.rows.length ? Math.round((this.editedCount / this.rows.length) * 100) : 0));
	readonly counts = $derived.by(() => {
		const byState = new Map<SegmentState, number>();
		for (const row of this.rows) byState.set(row.state, (byState.get(row.state) ?? 0) + 1);
		return byState;
	});
	readonly unsavedCount = $derived.by(() => this.rows.filter((r) => r.dirty).length);
	readonly sentBackCount = $derived(this.counts.get('changes_requested') ?? 0);
	readonly filterOptions = $derived.by(() => [
		{ value: 'all', label: `All segments (${this.rows.length})` },
		...(Object.keys(STATE_LABELS) as SegmentState[])
			.filter((state) => this.counts.get(state) || state === 'untranslated' || state === 'mt' || state === 'edited')
			.map((state) => ({ value: state, label: `${STATE_LABELS[state]} (${this.counts.get(state) ?? 0})` })),
		{ value: 'differs', label: `Differs from MT (${this.rows.filter((r) => r.differsFromMt).length})` },
		...(this.canEdit ? [{ value: 'unsaved', label: `Unsaved edits (${this.unsavedCount})` }] : [])
	]);

	/** A row whose read-only view gets focus back on Escape; that focus must not reopen its editor. */
	#leaving: number | null = null;
	#lastJump: number | null = null;
	/** Rows typed on while their save was in flight: saved again once it is done. */
	#resaveWanted = new Set<number>();
	#retries = new SaveRetries();
	#draftTimers = new Map<number, ReturnType<typeof setTimeout>>();
	#api: WorkspaceApi;

	constructor(options: WorkspaceOptions) {
		this.documentId = options.documentId;
		this.canEdit = options.canEdit;
		this.me = options.me;
		this.rows = options.segments.map((s) => new SegmentRow(s));
		this.byId = new Map(this.rows.map((r) => [r.id, r]));
		this.#api = options.api ?? api;
	}

	/**
	 * Once the page is interactive: offer back the drafts kept for this document, and render the
	 * remaining rows in batches while the browser is idle, so a keystroke never waits behind them.
	 * Returns the cleanup.
	 */
	start(): () => void {
		this.offered = this.canEdit ? this.#offerableDrafts() : [];
		let cancelled = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const idle = globalThis.requestIdleCallback;
		const later = (fn: () => void) => (idle ? idle(fn, { timeout: 200 }) : (timer = setTimeout(fn, 16)));
		const renderMore = () => {
			if (cancelled || this.renderedCount >= this.rows.length) return;
			this.renderedCount += BATCH_ROWS;
			later(renderMore);
		};
		later(renderMore);
		return () => {
			cancelled = true;
			clearTimeout(timer);
			this.flushDrafts();
		};
	}

	announce(text: string): void {
		this.announcer.say(text);
	}

	/** Makes sure a row is in the DOM (the batches may not have reached it yet). */
	renderUpTo(row: SegmentRow): void {
		const index = this.rows.indexOf(row);
		if (index >= this.renderedCount) this.renderedCount = index + 1;
	}

	/** A link to a segment (`#segment-12`, from a notification) scrolls to it, rendered or not. */
	async reveal(hash: string): Promise<void> {
		const linked = /^#segment-(\d+)$/.exec(hash);
		const row = linked ? this.byId.get(Number(linked[1])) : undefined;
		if (!row) return;
		this.renderUpTo(row);
		await tick();
		this.view.scrollTo(row.id, 'start');
	}

	async activate(row: SegmentRow, at: FocusAt = 'end'): Promise<void> {
		if (!this.canEdit) return;
		this.renderUpTo(row);
		if (this.#leaving === row.id) {
			this.#leaving = null;
			return;
		}
		const alreadyMounted = row.dirty || this.activeId === row.id;
		if (this.activeId !== row.id) {
			if (this.activeId !== null) this.byId.get(this.activeId)?.pauseClock();
			row.startClock();
		}
		this.focusAt = at;
		this.activeId = row.id;
		if (alreadyMounted) {
			await tick();
			this.view.focusEditor(row.id);
		}
	}

	async move(row: SegmentRow, direction: -1 | 1): Promise<void> {
		const found = step(this.visible, row, direction);
		if (!found.ok) {
			this.announce(found.message);
			return;
		}
		await this.activate(found.next, 'end');
		this.view.scrollTo(found.next.id, 'nearest');
	}

	/**
	 * Saves the row's unsaved edit as a new revision based on the revision the edit started from.
	 * With `next`, the next segment opens at once and the save finishes in the background: a
	 * conflict or an error then shows in the row it belongs to, which keeps its edit meanwhile.
	 */
	async save(row: SegmentRow, next: boolean): Promise<void> {
		const content = row.draft;
		if (row.saving) {
			this.#resaveWanted.add(row.id);
			if (next) await this.move(row, 1);
			return;
		}
		if (!content || sameBlock(content, row.target)) {
			// Nothing to save, or only spacing the server would trim away.
			if (content) this.view.replaceText(row.id, row.target);
			if (next) await this.move(row, 1);
			return;
		}
		const refused = unsaveable(content);
		if (refused) {
			row.error = refused;
			return;
		}
		row.tick();
		row.saving = true;
		const saving = this.#api.saveSegment(row.id, { baseRevisionId: row.base, content, secondsSpent: row.secondsSpent });
		if (next) void this.move(row, 1);
		const result = await saving;
		row.saving = false;
		if (result.ok || result.conflict || !result.retryable) this.#retries.cancel(row.id);
		if (result.ok) {
			row.saved(content, result.segment);
			this.writeDraft(row);
			this.announce(`Segment ${row.position} saved.`);
			if (this.#resaveWanted.delete(row.id) && row.dirty) await this.save(row, false);
			return;
		}
		this.#resaveWanted.delete(row.id);
		if (result.conflict) {
			row.conflict = { theirs: result.conflict, mine: content, now: result.segment };
			this.writeDraft(row);
			this.announce(`Segment ${row.position} not saved: ${result.conflict.author ?? 'someone'} saved it while you were editing. Choose which version to keep.`);
		} else {
			const retry = () => void (!row.saving && row.dirty && !row.conflict && this.save(row, false));
			const again = result.retryable ? this.#retries.schedule(row.id, retry) : 0;
			row.error = again ? `${result.message} Sending it again in ${again} s.` : result.message;
			this.announce(`Segment ${row.position} not saved: ${row.error}`);
		}
	}

	async discard(row: SegmentRow, hadEdit: boolean): Promise<void> {
		if (hadEdit) {
			this.#retries.cancel(row.id);
			row.discard();
			this.writeDraft(row);
			this.announce(`Unsaved edit of segment ${row.position} discarded.`);
			return;
		}
		// Escape on an editor with nothing to discard leaves it.
		row.pauseClock();
		this.activeId = null;
		this.#leaving = row.id;
		await tick();
		this.view.focusView(row.id);
		this.#leaving = null;
	}

	change(row: SegmentRow, block: Block, dirty: boolean): void {
		row.edit(block, dirty);
		this.#scheduleDraft(row);
	}

	// After a conflict the row takes the server's word for what it holds now (the 409 says), and
	// each resolution leaves the focus in the row's editor, where Ctrl+Z after "Keep theirs" brings
	// the discarded version back.

	async keepTheirs(row: SegmentRow): Promise<void> {
		const conflict = row.conflict;
		if (!conflict) return;
		await this.activate(row, 'end');
		row.adopt(conflict.now);
		this.view.replaceText(row.id, conflict.now.content);
		row.discard();
		this.writeDraft(row);
		this.announce(`Their version of segment ${row.position} kept. Ctrl+Z in the editor brings yours back.`);
	}

	async keepMine(row: SegmentRow): Promise<void> {
		const conflict = row.conflict;
		if (!conflict) return;
		await this.activate(row, 'end');
		// Mine becomes a new revision on top of theirs: both stay in the history.
		row.adopt(conflict.now);
		row.base = conflict.now.revisionId;
		await this.save(row, false);
	}

	async mergeEdit(row: SegmentRow): Promise<void> {
		const conflict = row.conflict;
		if (!conflict) return;
		row.adopt(conflict.now);
		row.base = conflict.now.revisionId;
		row.conflict = null;
		row.merging = conflict.theirs;
		this.writeDraft(row);
		await this.activate(row, 'end');
	}

	/** The row shows `version` (a restore's answer), or, given none, what the server holds now. */
	async update(row: SegmentRow, version: RowVersion | null): Promise<void> {
		if (!version) {
			const result = await this.#api.getSegment(row.id);
			if (!result.ok) return;
			version = result.segment;
		}
		const shown = row.target;
		row.adopt(version);
		// An open editor without an unsaved edit shows the new text.
		if (!row.dirty && !sameBlock(shown, version.content)) this.view.replaceText(row.id, version.content);
	}

	/** Goes to the previous or next segment a reviewer sent back, after the one last jumped to or opened. */
	async jumpToSentBack(direction: -1 | 1): Promise<void> {
		const sentBack = this.rows.filter((r) => r.state === 'changes_requested' && this.visibleIds.has(r.id));
		if (sentBack.length === 0) {
			this.announce('No segment sent back is shown; change the filter to see them.');
			return;
		}
		const rows = this.rows;
		const from = rows.findIndex((r) => r.id === (this.activeId ?? this.#lastJump));
		const target =
			direction > 0
				? (sentBack.find((r) => rows.indexOf(r) > from) ?? sentBack[0])
				: (sentBack.findLast((r) => rows.indexOf(r) < (from < 0 ? rows.length : from)) ?? sentBack[sentBack.length - 1]);
		this.#lastJump = target.id;
		this.renderUpTo(target);
		await tick();
		this.view.scrollTo(target.id, 'center');
		if (this.canEdit) await this.activate(target, 'end');
		this.announce(`Segment ${target.position}: changes requested.`);
	}

	// Drafts: every unsaved edit is written to localStorage shortly after it changes.

	#scheduleDraft(row: SegmentRow): void {
		clearTimeout(this.#draftTimers.get(row.id));
		if (!row.dirty) {
			this.writeDraft(row);
			return;
		}
		this.#draftTimers.set(
			row.id,
			setTimeout(() => this.writeDraft(row), DRAFT_DELAY_MS)
		);
	}

	writeDraft(row: SegmentRow): void {
		clearTimeout(this.#draftTimers.get(row.id));
		this.#draftTimers.delete(row.id);
		if (!row.draft) {
			drafts.removeDraft(row.id);
			return;
		}
		drafts.saveDraft({
			documentId: this.documentId,
			segmentId: row.id,
			baseRevisionId: row.base,
			content: row.draft,
			secondsSpent: row.secondsSpent,
			savedAt: new Date().toISOString()
		});
	}

	/** Writes the drafts still waiting for their timer (the tab is hidden or the page left). */
	flushDrafts(): void {
		for (const id of [...this.#draftTimers.keys()]) {
			const row = this.byId.get(id);
			if (row) this.writeDraft(row);
		}
	}

	async restoreDrafts(): Promise<void> {
		const restored: SegmentRow[] = [];
		for (const draft of this.offered) {
			const row = this.byId.get(draft.segmentId);
			if (!row) continue;
			row.restoreDraft(draft.content, draft.baseRevisionId, draft.secondsSpent);
			restored.push(row);
		}
		this.offered = [];
		this.announce(`Unsaved edits restored in ${restored.length === 1 ? '1 segment' : `${restored.length} segments`}.`);
		const first = restored.sort((a, b) => a.position - b.position)[0];
		if (first) {
			await this.activate(first, 'end');
			this.view.scrollTo(first.id, 'nearest');
		}
	}

	discardDrafts(): void {
		for (const draft of this.offered) drafts.removeDraft(draft.segmentId);
		this.offered = [];
		this.announce('Unsaved edits from the earlier visit discarded.');
	}

	#offerableDrafts(): drafts.Draft[] {
		return drafts.listDrafts(this.documentId).filter((draft) => {
			const row = this.byId.get(draft.segmentId);
			if (row && !sameBlock(draft.content, row.target)) return true;
			// Saved meanwhile, or the segment is gone: nothing to offer.
			drafts.removeDraft(draft.segmentId);
			return false;
		});
	}
}
