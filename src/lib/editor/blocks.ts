import { blockOverLimit } from '../import/block-limits';
import { plainText, type Block } from '../import/model';

// Block helpers the page needs without loading ProseMirror (equality is model.sameBlock).

/** Whether a block has text worth saving (a segment cannot be saved empty). */
export function hasText(block: Block | null): boolean {
	return block !== null && plainText(block).trim() !== '';
}

/**
 * Why an edit cannot be saved, said before it is sent: empty, or past a limit the server would
 * refuse it for (the same check, see block-limits); null when it can be.
 */
export function unsaveable(block: Block | null): string | null {
	if (!hasText(block)) return 'A segment cannot be saved empty. Type a translation, or press Esc to put the saved text back.';
	const over = blockOverLimit(block);
	return over && `Not saved: ${over}`;
}
