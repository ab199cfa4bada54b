export interface CommentCount {
	total: number;
	open: number;
}

/**
 * A page's comment threads: which segment's thread is open, who opened it (focus goes back there
 * when it closes), and the open and total counts per segment as loaded, then as threads report.
 */
export class CommentsState {
	openId = $state<number | null>(null);
	counts = $state.raw<Record<number, CommentCount>>({});
	#opener: { focus(): void } | null = null;

	constructor(counts: Record<number, CommentCount>) {
		this.counts = { ...counts };
	}

	open(segmentId: number, opener: { focus(): void }): void {
		this.#opener = opener;
		this.openId = segmentId;
	}

	close(): void {
		this.openId = null;
		this.#opener?.focus();
		this.#opener = null;
	}

	changed(segmentId: number, count: CommentCount): void {
		this.counts = { ...this.counts, [segmentId]: count };
	}
}
