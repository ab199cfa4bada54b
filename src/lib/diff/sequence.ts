import { diffArrays } from 'diff';

export type DiffOp = 'equal' | 'insert' | 'delete';

/** How much work one diff may do before it gives up; see docs/post-editing-metrics.md. */
export interface DiffLimits {
	/** More tokens than this on either side: do not diff at all. */
	maxTokens: number;
	/** More UTF-16 code units than this on either side: do not even tokenize. */
	maxChars: number;
	/** Myers edit distance (tokens inserted + deleted) past which jsdiff gives up. */
	maxEditLength: number;
	/** Wall-clock milliseconds past which jsdiff gives up, whatever the edit length. */
	timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<DiffLimits> = Object.freeze({
	maxTokens: 20_000,
	maxChars: 100_000,
	// jsdiff's cost grows with the square of the edit length: on this 2-core machine, 1,000-word
	// unrelated texts give up after ~60 ms at 500, ~120 ms at 750, ~250 ms at 1,000. 500 units
	// covers a fully rewritten paragraph of ~250 words; past it the texts are shown as replaced,
	// which is what they are.
	maxEditLength: 500,
	// A backstop for a slow or overloaded machine; maxEditLength is what normally decides.
	timeoutMs: 150
});

/** The defaults with every given number in place of its default (undefined and NaN are ignored). */
export function resolveLimits(overrides: Partial<DiffLimits> = {}): DiffLimits {
	const limits: DiffLimits = { ...DEFAULT_LIMITS };
	for (const key of ['maxTokens', 'maxChars', 'maxEditLength', 'timeoutMs'] as const) {
		const value = overrides[key];
		if (typeof value === 'number' && !Number.isNaN(value)) limits[key] = value;
	}
	return limits;
}

export interface Run<T> {
	op: DiffOp;
	items: T[];
}

/**
 * The shortest edit script from `a` to `b` (a longest common subsequence of tokens compared with
 * ===), as runs in order, or null when the limits were reached first.
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], limits: DiffLimits): Run<T>[] | null {
	// Strip the common ends first: the usual edit touches a few words in the middle, and Myers'
	// algorithm then works on those alone.
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}

	const runs: Run<T>[] = [];
	if (start > 0) runs.push({ op: 'equal', items: a.slice(0, start) });
	const middleA = a.slice(start, endA);
	const middleB = b.slice(start, endB);
	if (middleA.length === 0 || middleB.length === 0) {
		if (middleA.length > 0) runs.push({ op: 'delete', items: middleA });
		if (middleB.length > 0) runs.push({ op: 'insert', items: middleB });
	} else {
		const changes = diffArrays(middleA, middleB, {
			maxEditLength: limits.maxEditLength,
			timeout: limits.timeoutMs
		});
		if (!changes) return null;
		for (const change of changes) {
			const op: DiffOp = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
			if (change.value.length > 0) runs.push({ op, items: change.value });
		}
	}
	if (endA < a.length) runs.push({ op: 'equal', items: a.slice(endA) });
	return runs;
}
