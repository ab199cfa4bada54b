// Merge and split for the import page, where the user lines up source and translation rows.
// Pure: each returns new arrays and blocks and leaves its arguments untouched.

import { blockLike, tidyInline, type Block, type Inline } from './model';

/**
 * Blocks `index` and `index + 1` merged into one, joined by a hard break. A hard break rather than
 * a space because it is right for every language (a space between two Chinese sentences is wrong),
 * it keeps the original boundary visible to the translator, and splitting at it gives back the two
 * blocks exactly. The result is a heading only when both were headings of the same level.
 */
export function mergeRows(blocks: readonly Block[], index: number): Block[] {
	if (!Number.isInteger(index) || index < 0 || index + 1 >= blocks.length) {
		throw new RangeError(`mergeRows: no rows ${index} and ${index + 1} among ${blocks.length}`);
	}
	const first = blocks[index];
	const second = blocks[index + 1];
	const content = tidyInline([...(first.content ?? []), { type: 'hard_break' }, ...(second.content ?? [])]);
	const sameHeading = first.type === 'heading' && second.type === 'heading' && first.attrs.level === second.attrs.level;
	const merged = blockLike(sameHeading ? first : { type: 'paragraph' }, content);
	return [...blocks.slice(0, index), merged, ...blocks.slice(index + 2)];
}

/**
 * The block cut in two at `textOffset`, an offset into `plainText(block)` (a hard break counts as
 * one character). Marks stay on each side; whitespace and a hard break at the cut are dropped.
 * An offset inside a surrogate pair moves to its start. Null when either side would have no text.
 */
export function splitBlock(block: Block, textOffset: number): [Block, Block] | null {
	if (!Number.isInteger(textOffset)) return null;
	const before: Inline[] = [];
	const after: Inline[] = [];
	let position = 0;
	for (const node of block.content ?? []) {
		const length = node.type === 'text' ? node.text.length : 1;
		if (position + length <= textOffset) before.push(node);
		else if (position >= textOffset || node.type === 'hard_break') after.push(node);
		else {
			let cut = textOffset - position;
			if (isLowSurrogate(node.text.charCodeAt(cut)) && isHighSurrogate(node.text.charCodeAt(cut - 1))) cut--;
			before.push({ ...node, text: node.text.slice(0, cut) });
			after.push({ ...node, text: node.text.slice(cut) });
		}
		position += length;
	}
	const left = tidyInline(before);
	const right = tidyInline(after);
	if (left.length === 0 || right.length === 0) return null;
	return [blockLike(block, left), blockLike(block, right)];
}

/** `blocks` with row `index` split at `textOffset` (see splitBlock); null when the cut leaves a side empty. */
export function splitRow(blocks: readonly Block[], index: number, textOffset: number): Block[] | null {
	const block = blocks[index];
	if (!Number.isInteger(index) || block === undefined) return null;
	const halves = splitBlock(block, textOffset);
	return halves ? [...blocks.slice(0, index), ...halves, ...blocks.slice(index + 1)] : null;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}
