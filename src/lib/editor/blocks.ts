import { plainText, type Block } from '../import/model';

// Block helpers the page needs without loading ProseMirror.

/**
 * Two blocks hold the same text and formatting. Key order is ignored: Postgres' jsonb hands stored
 * blocks back with its own key order, ProseMirror's `toJSON` uses another; an absent `marks` or
 * `content` and an empty one mean the same.
 */
export function sameBlock(a: Block | null, b: Block | null): boolean {
	return deepEqual(a, b);
}

/** Whether a block has text worth saving (a segment cannot be saved empty). */
export function hasText(block: Block | null): boolean {
	return block !== null && plainText(block).trim() !== '';
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = presentKeys(a as Record<string, unknown>);
	const keysB = presentKeys(b as Record<string, unknown>);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function presentKeys(value: Record<string, unknown>): string[] {
	if (Array.isArray(value)) return Object.keys(value);
	return Object.keys(value).filter((k) => {
		const v = value[k];
		return v !== undefined && !(Array.isArray(v) && v.length === 0);
	});
}
