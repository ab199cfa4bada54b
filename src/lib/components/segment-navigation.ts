// Moving between the segments a page shows, by keyboard: the workspace (Alt+↑/↓) and the review
// page (J/K) step through the same list in the same way and say the same at either end.

export type Step<T> = { ok: true; next: T } | { ok: false; message: string };

/** The segment before or after `current` among those shown; from none (or a hidden one), the first. */
export function step<T>(shown: readonly T[], current: T | null | undefined, direction: -1 | 1): Step<T> {
	const index = current == null ? -1 : shown.indexOf(current);
	const next = shown[index < 0 ? 0 : index + direction];
	if (next === undefined) return { ok: false, message: direction > 0 ? 'This is the last segment.' : 'This is the first segment.' };
	return { ok: true, next };
}
