/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps here are rebuilt whole by $derived or are private bookkeeping (queued re-saves) that nothing renders. */
import { tick } from 'svelte';
import * as api from './api';
import * as drafts from './drafts';
import { DraftKeeper } from './draft-keeper';
import { unsaveable } from './blocks';
import { SegmentRow, type RowVersion, type WorkspaceRowData } from './segment-row.svelte';
import { sameBlock, type Block } from '../import/model';
import { Announcer } from '../components/announcer.svelte';
import { step } from '../components/segment-navigation';
import { SaveRetries } from './save-retry';
import { filterOptions, matches, type Filter } from './filter';
import { isDone, nextToConfirm, progressOf, readinessOf, stepAmong } from './progress';

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

export type WorkspaceApi = Pick<typeof api, 'saveSegment' | 'getSegment' | 'confirmSegment'>;

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
	/** Told when a row's save or confirmation has answered (live changes held meanwhile apply then). */
	onsettled: (row: SegmentRow) => void = () => undefined;

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
	/** Segments done (confirmed, or with the reviewers), edited or accepted as the MT. */
	readonly progress = $derived.by(() => progressOf(this.rows));
	/** What submitting would send now, and what would stay unconfirmed. */
	readonly readiness = $derived.by(() => readinessOf(this.rows));
	readonly sentBackCount = $derived.by(() => this.rows.filter((r) => r.state === 'changes_requested').length);
	readonly filterOptions = $derived.by(() => filterOptions(this.rows, this.canEdit));

	/** A row whose read-only view gets focus back on Escape; that focus must not reopen its editor. */
	#leaving: number | null = null;
	#lastJump: number | null = null;
	/** Rows typed on while their save was in flight: saved again once it is done. */
	#resaveWanted = new Map<number, { confirm: boolean }>();
	#retries = new SaveRetries();
	#api: WorkspaceApi;
	#drafts: DraftKeeper;

	constructor(options: WorkspaceOptions) {
		this.documentId = options.documentId;
		this.canEdit = options.canEdit;
		this.me = options.me;
		this.rows = options.segments.map((s) => new SegmentRow(s));
		this.byId = new Map(this.rows.map((r) => [r.id, r]));
		this.#api = options.api ?? api;
		this.#drafts = new DraftKeeper(this.documentId);
	}

	/**
	 * Once the page is interactive: offer back the drafts kept for this document, and render the
	 * remaining rows in batches while the browser is idle, so a keystroke never waits behind them.
	 * Returns the cleanup.
	 */
	start(): () => void {
		this.offered = this.canEdit ? this.#drafts.offerable(this.byId) : [];
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
	 * Ctrl+Enter: the row is done. An edit is saved and confirmed in one request; an unchanged
	 * segment (the MT accepted as it is) is confirmed as it stands, a recorded event and no new
	 * revision. Either way the next unconfirmed segment opens at once.
	 */
	async confirm(row: SegmentRow): Promise<void> {
		if (row.dirty) return this.save(row, true, true);
		// Done, or its confirmation is on its way: only move on.
		if (isDone(row) || row.saving) return this.nextUnconfirmed(row);
		if (!row.target || row.revisionId === null) {
			row.error = `Type a translation before confirming segment ${row.position}.`;
			this.announce(row.error);
			return;
		}
		row.saving = true;
		const confirming = this.#api.confirmSegment(row.id, row.revisionId);
		void this.nextUnconfirmed(row);
		const result = await confirming;
		row.saving = false;
		this.onsettled(row);
		if (result.ok) {
			row.error = null;
			row.adopt(result.segment);
			this.announce(`Segment ${row.position} confirmed.`);
		} else if (result.conflict) {
			await this.update(row, result.segment);
			this.announce(`Segment ${row.position} not confirmed: ${result.conflict.author ?? 'someone'} saved it meanwhile. Read their version and confirm again.`);
		} else {
			row.error = result.message;
			this.announce(`Segment ${row.position} not confirmed: ${result.message}`);
		}
	}

	/** Goes to the next segment shown that is still to confirm after `from` (or the open one), wrapping round. */
	async nextUnconfirmed(from: SegmentRow | null = this.activeId === null ? null : (this.byId.get(this.activeId) ?? null)): Promise<void> {
		const target = nextToConfirm(this.visible, from);
		if (!target) {
			this.announce('Every segment shown is confirmed.');
			return;
		}
		this.renderUpTo(target);
		if (this.canEdit) await this.activate(target, 'end');
		this.view.scrollTo(target.id, 'nearest');
	}

	/**
	 * Saves the row's unsaved edit as a new revision based on the revision the edit started from,
	 * and with `confirm` confirms that revision in the same request.
	 * With `next`, the next segment opens at once and the save finishes in the background: a
	 * conflict or an error then shows in the row it belongs to, which keeps its edit meanwhile.
	 */
	async save(row: SegmentRow, next: boolean, confirm = false): Promise<void> {
		// Someone saved this segment meanwhile: stay, for the conflict this save is about to meet.
		if (row.changedMeanwhile) next = false;
		const content = row.draft;
		const advance = () => (confirm ? this.nextUnconfirmed(row) : this.move(row, 1));
		if (row.saving) {
			this.#resaveWanted.set(row.id, { confirm: confirm || (this.#resaveWanted.get(row.id)?.confirm ?? false) });
			if (next) await advance();
			return;
		}
		if (!content || sameBlock(content, row.target)) {
			// Nothing to save, or only spacing the server would trim away.
			if (content) this.view.replaceText(row.id, row.target);
			if (confirm && !row.dirty) return this.confirm(row);
			if (next) await advance();
			return;
		}
		const refused = unsaveable(content);
		if (refused) {
			row.error = refused;
			return;
		}
		row.tick();
		row.saving = true;
		const saving = this.#api.saveSegment(row.id, { baseRevisionId: row.base, content, secondsSpent: row.secondsSpent, ...(confirm ? { confirm } : {}) });
		if (next) void advance();
		const result = await saving;
		row.saving = false;
		this.onsettled(row);
		if (result.ok || result.conflict || !result.retryable) this.#retries.cancel(row.id);
		if (result.ok) {
			row.saved(content, result.segment);
			this.writeDraft(row);
			this.announce(`Segment ${row.position} ${result.segment.confirmed ? 'saved and confirmed' : 'saved'}.`);
			const again = this.#resaveWanted.get(row.id);
			this.#resaveWanted.delete(row.id);
			if (again && row.dirty) await this.save(row, false, again.confirm);
			return;
		}
		this.#resaveWanted.delete(row.id);
		if (result.conflict) {
			row.conflict = { theirs: result.conflict, mine: content, now: result.segment };
			this.writeDraft(row);
			this.announce(`Segment ${row.position} not saved: ${result.conflict.author ?? 'someone'} saved it while you were editing. Choose which version to keep.`);
		} else {
			const retry = () => void (!row.saving && row.dirty && !row.conflict && this.save(row, false, confirm));
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
		this.#drafts.schedule(row);
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
		row.changedMeanwhile = null;
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
		const target = stepAmong(this.rows, sentBack, this.activeId ?? this.#lastJump, direction);
		this.#lastJump = target.id;
		this.renderUpTo(target);
		await tick();
		this.view.scrollTo(target.id, 'center');
		if (this.canEdit) await this.activate(target, 'end');
		this.announce(`Segment ${target.position}: changes requested.`);
	}

	// Drafts: every unsaved edit is kept in localStorage (draft-keeper.ts).
	writeDraft(row: SegmentRow): void {
		this.#drafts.write(row);
	}

	/** Writes the drafts still waiting for their timer (the tab is hidden or the page left). */
	flushDrafts(): void {
		this.#drafts.flush(this.byId);
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
}
