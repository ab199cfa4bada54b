import { MAX_HREF_LENGTH } from './links';

// How big one segment may be, measured on the model itself rather than on whichever field of a
// request carried it: a save that sends `content` instead of `text`, an import, a restore and
// the editor all answer to these. Text alone is not enough: characters in link titles and
// addresses, and thousands of tiny formatted runs, cost storage and rendering just the same.

export const MAX_SEGMENT_CHARS = 20_000;
export const MAX_LINK_TITLE_CHARS = 1_000;
export const MAX_LINK_HREF_CHARS = MAX_HREF_LENGTH;
/** Text runs and line breaks in one segment: ample for a 20,000-character poem of short lines. */
export const MAX_INLINE_NODES = 5_000;
/** The segment as stored (JSON, with its formatting and links): ten times the text limit. */
export const MAX_BLOCK_JSON_CHARS = 200_000;
/** A block nests six levels (block, content, node, marks, mark, attrs); deeper is not a block. */
const MAX_DEPTH = 8;

const count = (n: number) => n.toLocaleString('en');

/**
 * The first limit `value` exceeds, said so that its author can act on it, or null. It takes any
 * value (whether it is a well-formed block is `isBlock`'s to say) and walks at most a few levels,
 * so a hostile nesting costs nothing.
 */
export function blockOverLimit(value: unknown): string | null {
	const size = storedSize(value, 0);
	if (size === Infinity) return 'content is nested more deeply than a paragraph or heading can be.';
	const nodes = isRecord(value) && Array.isArray(value.content) ? value.content : [];
	let text = 0;
	for (const node of nodes) {
		if (!isRecord(node)) continue;
		text += typeof node.text === 'string' ? node.text.length : node.type === 'hard_break' ? 1 : 0;
		for (const mark of Array.isArray(node.marks) ? node.marks : []) {
			const attrs = isRecord(mark) && isRecord(mark.attrs) ? mark.attrs : {};
			if (typeof attrs.title === 'string' && attrs.title.length > MAX_LINK_TITLE_CHARS) {
				return `A link title can be at most ${count(MAX_LINK_TITLE_CHARS)} characters; this one has ${count(attrs.title.length)}.`;
			}
			if (typeof attrs.href === 'string' && attrs.href.length > MAX_LINK_HREF_CHARS) {
				return `A link address can be at most ${count(MAX_LINK_HREF_CHARS)} characters; this one has ${count(attrs.href.length)}.`;
			}
		}
	}
	if (text > MAX_SEGMENT_CHARS) {
		return `Use at most ${count(MAX_SEGMENT_CHARS)} characters in a segment (this one has ${count(text)}); break a longer text into paragraphs.`;
	}
	if (nodes.length > MAX_INLINE_NODES) {
		return `A segment can hold at most ${count(MAX_INLINE_NODES)} formatted runs and line breaks (this one has ${count(nodes.length)}); remove some formatting or break it into paragraphs.`;
	}
	if (size > MAX_BLOCK_JSON_CHARS) {
		return `With its formatting and links this segment takes ${count(size)} characters to store, and the limit is ${count(MAX_BLOCK_JSON_CHARS)}; remove some formatting or links, or break it into paragraphs.`;
	}
	return null;
}

/** The length of `JSON.stringify(value)`, or Infinity past MAX_DEPTH (where stringify itself could overflow the stack). */
function storedSize(value: unknown, depth: number): number {
	if (depth > MAX_DEPTH) return Infinity;
	if (Array.isArray(value)) {
		let size = 1 + Math.max(1, value.length);
		for (const v of value) size += storedSize(v, depth + 1);
		return size;
	}
	if (isRecord(value)) {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		let size = 1 + Math.max(1, entries.length);
		for (const [k, v] of entries) size += JSON.stringify(k).length + 1 + storedSize(v, depth + 1);
		return size;
	}
	return JSON.stringify(value)?.length ?? 4;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
