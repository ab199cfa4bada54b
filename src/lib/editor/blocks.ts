import { plainText, type Block } from '../import/model';

// Block helpers the page needs without loading ProseMirror (equality is model.sameBlock).

/** Whether a block has text worth saving (a segment cannot be saved empty). */
export function hasText(block: Block | null): boolean {
	return block !== null && plainText(block).trim() !== '';
}
