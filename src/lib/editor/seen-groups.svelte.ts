import type { Attachment } from 'svelte/attachments';

// Which groups of workspace rows have been on screen or near it. A row's QA count and source
// terms are worked out in idle time; in a 2,000-segment document that is seconds of work and
// megabytes of garbage collected while the translator types, for rows nobody looked at. Rows wait
// until their group first comes near the screen, and keep what they found after it leaves.

/** Counts as near: one screen height above or below. */
const MARGIN = '100% 0px';

export class SeenGroups {
	/** One reactive entry per group, so a group coming into view redraws its own rows only. */
	#seen = $state<boolean[]>([]);
	#observer: IntersectionObserver | null = null;

	/** Whether group `g` has been near the screen. Without IntersectionObserver (the server, old browsers), every group has. */
	has(g: number): boolean {
		return typeof IntersectionObserver === 'undefined' || this.#seen[g] === true;
	}

	/** Marks group `g` seen once its element comes near the screen; watched until then, not after. */
	watch(g: number): Attachment<HTMLElement> {
		return (element) => {
			if (typeof IntersectionObserver === 'undefined' || this.#seen[g]) return;
			element.dataset.group = String(g);
			const observer = (this.#observer ??= new IntersectionObserver((entries) => this.#saw(entries), { rootMargin: MARGIN }));
			observer.observe(element);
			return () => observer.unobserve(element);
		};
	}

	#saw(entries: IntersectionObserverEntry[]): void {
		for (const entry of entries) {
			if (!entry.isIntersecting) continue;
			const element = entry.target as HTMLElement;
			this.#seen[Number(element.dataset.group)] = true;
			this.#observer?.unobserve(element);
		}
	}
}
