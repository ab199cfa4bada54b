import { plainText, type Block } from '../import/model';
import type { SegmentState } from '../text/segment-state';
import type { CurrentVersionJson, SegmentNowJson } from './api';
import { sameBlock } from '../import/model';

/** A saved version of the row, as the server reports it. */
export type RowVersion = Pick<SegmentNowJson, 'revisionId' | 'content' | 'lastEditor' | 'state' | 'differsFromMt' | 'confirmed'>;

/** What the workspace page receives for each segment. */
export interface WorkspaceRowData {
	id: number;
	position: number;
	source: Block;
	target: Block | null;
	state: SegmentState;
	revisionId: number | null;
	lastEditor: string | null;
	differsFromMt: boolean;
	/** Confirmed as done: its current revision is the one the translator confirmed. */
	confirmed: boolean;
}

// A pause longer than this between two keystrokes is not counted as editing time
// (docs/post-editing-metrics.md: the recorder stops the clock when the translator is idle).
const IDLE_MS = 30_000;

/** One segment in the workspace: its saved version, and the unsaved edit and conflict, if any. */
export class SegmentRow {
	readonly id: number;
	readonly position: number;
	readonly source: Block;

	target = $state.raw<Block | null>(null);
	state = $state<SegmentState>('untranslated');
	revisionId = $state<number | null>(null);
	lastEditor = $state<string | null>(null);
	differsFromMt = $state(false);
	confirmed = $state(false);

	/** The unsaved edit; null when the editor (if any) shows the saved version. */
	draft = $state.raw<Block | null>(null);
	/** The revision the unsaved edit started from. */
	base: number | null = null;
	/** A save answered 409: their version, mine as it was sent, and the row as the server holds it now. */
	conflict = $state.raw<{ theirs: CurrentVersionJson; mine: Block; now: SegmentNowJson } | null>(null);
	/** While merging after a conflict: their version, shown for reference. */
	merging = $state.raw<CurrentVersionJson | null>(null);
	error = $state<string | null>(null);
	saving = $state(false);
	/** Someone else saved this segment while it held an unsaved edit: what they changed, until the edit is resolved. */
	changedMeanwhile = $state.raw<{ by: string; before: Block | null; after: Block | null } | null>(null);

	#seconds = 0;
	#lastActivity = 0;

	readonly searchText = $derived.by(() =>
		`${plainText(this.source)}\n${this.target ? plainText(this.target) : ''}\n${this.draft ? plainText(this.draft) : ''}`.toLocaleLowerCase()
	);

	constructor(data: WorkspaceRowData) {
		this.id = data.id;
		this.position = data.position;
		this.source = data.source;
		this.target = data.target;
		this.state = data.state;
		this.revisionId = data.revisionId;
		this.lastEditor = data.lastEditor;
		this.differsFromMt = data.differsFromMt;
		this.confirmed = data.confirmed;
	}

	/** A derived, not a getter: lists that count unsaved rows recompute when one becomes dirty or clean, not at every keystroke. */
	readonly dirty = $derived(this.draft !== null);

	/** The editor's content changed; `dirty` says whether it differs from the saved version. */
	edit(block: Block, dirty: boolean, now = Date.now()): void {
		if (!dirty) {
			this.discard();
			return;
		}
		if (this.draft === null) {
			this.base = this.revisionId;
			if (this.#lastActivity === 0) this.#lastActivity = now;
		}
		this.draft = block;
		this.error = null;
		this.tick(now);
	}

	/** The row was opened for editing: reading before the first keystroke counts as editing time. */
	startClock(now = Date.now()): void {
		this.#lastActivity = now;
	}

	/** The translator went to another row: time from now on is not this row's. */
	pauseClock(now = Date.now()): void {
		this.tick(now);
		this.#lastActivity = 0;
	}

	/** Counts the time since the last keystroke, unless the translator was idle. */
	tick(now = Date.now()): void {
		const gap = now - this.#lastActivity;
		if (this.#lastActivity > 0 && gap > 0 && gap < IDLE_MS) this.#seconds += gap / 1000;
		this.#lastActivity = now;
	}

	get secondsSpent(): number {
		return Math.round(this.#seconds);
	}

	/** An edit brought back from an earlier visit. */
	restoreDraft(content: Block, baseRevisionId: number | null, secondsSpent: number): void {
		this.draft = content;
		this.base = baseRevisionId;
		this.#seconds = secondsSpent;
		this.#lastActivity = 0;
	}

	discard(): void {
		this.draft = null;
		this.base = null;
		this.conflict = null;
		this.merging = null;
		this.changedMeanwhile = null;
		this.error = null;
		this.#seconds = 0;
		this.#lastActivity = 0;
	}

	/** A save of `content` succeeded; an edit typed while it was in flight stays unsaved on top of it. */
	saved(content: Block, now: RowVersion): void {
		const typedSince = this.draft !== null && !sameBlock(this.draft, content);
		this.adopt(now);
		this.conflict = null;
		this.merging = null;
		this.changedMeanwhile = null;
		this.error = null;
		this.#seconds = 0;
		if (typedSince) this.base = now.revisionId;
		else {
			this.draft = null;
			this.base = null;
			this.#lastActivity = 0;
		}
	}

	/** A version from the server becomes the saved one (after a save, a conflict, a restore, a refresh). */
	adopt(version: RowVersion): void {
		this.target = version.content;
		this.revisionId = version.revisionId;
		this.lastEditor = version.lastEditor;
		this.state = version.state;
		this.differsFromMt = version.differsFromMt;
		this.confirmed = version.confirmed;
	}
}
