import * as drafts from './drafts';
import { sameBlock } from '../import/model';
import type { SegmentRow } from './segment-row.svelte';

// The workspace's side of drafts (drafts.ts keeps them in localStorage): every unsaved edit is
// written shortly after it changes, at once when the page is hidden or left, and an earlier
// visit's are offered back only while they still differ from what the segment holds.

const DRAFT_DELAY_MS = 300;

export class DraftKeeper {
	#timers = new Map<number, ReturnType<typeof setTimeout>>();

	constructor(readonly documentId: number) {}

	/** The row's edit changed: written after a short pause, or removed at once when it is clean. */
	schedule(row: SegmentRow): void {
		clearTimeout(this.#timers.get(row.id));
		if (!row.dirty) {
			this.write(row);
			return;
		}
		this.#timers.set(
			row.id,
			setTimeout(() => this.write(row), DRAFT_DELAY_MS)
		);
	}

	write(row: SegmentRow): void {
		clearTimeout(this.#timers.get(row.id));
		this.#timers.delete(row.id);
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

	/** Writes the drafts still waiting for their timer. */
	flush(byId: ReadonlyMap<number, SegmentRow>): void {
		for (const id of [...this.#timers.keys()]) {
			const row = byId.get(id);
			if (row) this.write(row);
		}
	}

	/** The drafts of an earlier visit worth offering back; the others are forgotten. */
	offerable(byId: ReadonlyMap<number, SegmentRow>): drafts.Draft[] {
		return drafts.listDrafts(this.documentId).filter((draft) => {
			const row = byId.get(draft.segmentId);
			if (row && !sameBlock(draft.content, row.target)) return true;
			// Saved meanwhile, or the segment is gone: nothing to offer.
			drafts.removeDraft(draft.segmentId);
			return false;
		});
	}
}
