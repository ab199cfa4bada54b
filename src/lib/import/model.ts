// The segment content model: plain JSON that ProseMirror's `Node.fromJSON` accepts for the editor's
// schema (paragraph, heading with level 1–6, text, hard_break; marks strong, em, link). This module
// deliberately does not import prosemirror so that parsers and the server can use it alone.

import { safeHref } from './links';

export type StrongMark = { type: 'strong' };
export type EmMark = { type: 'em' };
export type LinkMark = { type: 'link'; attrs: { href: string; title: string | null } };
export type Mark = StrongMark | EmMark | LinkMark;

export type TextNode = { type: 'text'; text: string; marks?: Mark[] };
export type HardBreak = { type: 'hard_break' };
export type Inline = TextNode | HardBreak;

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type Paragraph = { type: 'paragraph'; content?: Inline[] };
export type Heading = { type: 'heading'; attrs: { level: HeadingLevel }; content?: Inline[] };
/** One segment of a document. */
export type Block = Paragraph | Heading;

/** Marks are kept in the order of prosemirror-schema-basic (link, em, strong) so equal sets serialise alike. */
const MARK_RANK: Record<Mark['type'], number> = { link: 0, em: 1, strong: 2 };

/** The text a translator reads: hard breaks become '\n'. */
export function plainText(block: Block): string {
	let text = '';
	for (const node of block.content ?? []) text += node.type === 'text' ? node.text : '\n';
	return text;
}

export function sortMarks(marks: readonly Mark[]): Mark[] {
	return [...marks].sort((a, b) => MARK_RANK[a.type] - MARK_RANK[b.type]);
}

export function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
	const left = a ?? [];
	const right = b ?? [];
	if (left.length !== right.length) return false;
	return left.every((mark, i) => {
		const other = right[i];
		if (mark.type !== other.type) return false;
		if (mark.type === 'link' && other.type === 'link') {
			return mark.attrs.href === other.attrs.href && mark.attrs.title === other.attrs.title;
		}
		return true;
	});
}

/**
 * Two blocks hold the same text and formatting: the one equality the server (is a save unchanged?)
 * and the browser (is an edit dirty?) use. Key order is ignored: Postgres' jsonb hands stored
 * blocks back with its own key order, ProseMirror's `toJSON` uses another; an absent `marks` or
 * `content` and an empty one mean the same.
 */
export function sameBlock(a: Block | null, b: Block | null): boolean {
	return sameJsonValue(a, b);
}

function sameJsonValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = presentKeys(a as Record<string, unknown>);
	const keysB = presentKeys(b as Record<string, unknown>);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((k) => sameJsonValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function presentKeys(value: Record<string, unknown>): string[] {
	if (Array.isArray(value)) return Object.keys(value);
	return Object.keys(value).filter((k) => {
		const v = value[k];
		return v !== undefined && !(Array.isArray(v) && v.length === 0);
	});
}

/** A block of the same kind as `like` (paragraph or heading of the same level) holding `content`. */
export function blockLike(like: Block, content: Inline[]): Block {
	const body = content.length > 0 ? { content } : {};
	return like.type === 'heading' ? { type: 'heading', attrs: { level: like.attrs.level }, ...body } : { type: 'paragraph', ...body };
}

/** Plain text as a block shaped like `like`: each line break becomes a hard_break. */
export function blockFromPlainText(text: string, like: Block): Block {
	const content: Inline[] = [];
	text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.forEach((line, i) => {
			if (i > 0) content.push({ type: 'hard_break' });
			if (line) content.push({ type: 'text', text: line });
		});
	return blockLike(like, tidyInline(content));
}

/** No empty text nodes, and adjacent text nodes with equal marks joined; whitespace is kept. */
export function joinRuns(nodes: readonly Inline[]): Inline[] {
	const joined: Inline[] = [];
	for (const node of nodes) {
		if (node.type === 'text') {
			if (node.text === '') continue;
			const last = joined.at(-1);
			if (last?.type === 'text' && sameMarks(last.marks, node.marks)) {
				joined[joined.length - 1] = { ...last, text: last.text + node.text };
				continue;
			}
		}
		joined.push(node);
	}
	return joined;
}

/**
 * Canonical inline content: no empty text nodes, adjacent text nodes with equal marks joined,
 * no leading or trailing whitespace or hard breaks.
 */
export function tidyInline(nodes: readonly Inline[]): Inline[] {
	const joined = joinRuns(nodes);
	while (joined.length > 0) {
		const first = joined[0];
		if (first.type === 'hard_break') {
			joined.shift();
			continue;
		}
		const text = first.text.trimStart();
		if (text === '') joined.shift();
		else {
			joined[0] = { ...first, text };
			break;
		}
	}
	while (joined.length > 0) {
		const last = joined[joined.length - 1];
		if (last.type === 'hard_break') {
			joined.pop();
			continue;
		}
		const text = last.text.trimEnd();
		if (text === '') joined.pop();
		else {
			joined[joined.length - 1] = { ...last, text };
			break;
		}
	}
	return joined;
}

/**
 * Whether `value` is a well-formed segment: the exact shapes above, no extra keys, non-empty text
 * nodes without line breaks, at most one mark of each type, links that pass `safeHref`, and some non-blank text.
 * Use it on blocks that come back from a browser (after merge/split) before storing them.
 */
export function isBlock(value: unknown): value is Block {
	if (!isRecord(value)) return false;
	if (value.type === 'paragraph') {
		if (!hasOnlyKeys(value, ['type', 'content'])) return false;
	} else if (value.type === 'heading') {
		if (!hasOnlyKeys(value, ['type', 'attrs', 'content'])) return false;
		const attrs = value.attrs;
		if (!isRecord(attrs) || !hasOnlyKeys(attrs, ['level'])) return false;
		if (typeof attrs.level !== 'number' || !Number.isInteger(attrs.level) || attrs.level < 1 || attrs.level > 6) {
			return false;
		}
	} else return false;
	const content = value.content;
	if (!Array.isArray(content) || !content.every(isInline)) return false;
	return plainText(value as Block).trim() !== '';
}

function isInline(value: unknown): value is Inline {
	if (!isRecord(value)) return false;
	if (value.type === 'hard_break') return hasOnlyKeys(value, ['type']);
	if (value.type !== 'text' || !hasOnlyKeys(value, ['type', 'text', 'marks'])) return false;
	// A line break is always a hard_break node, never a newline inside text.
	if (typeof value.text !== 'string' || value.text === '' || /[\n\r]/.test(value.text)) return false;
	if (value.marks === undefined) return true;
	if (!Array.isArray(value.marks) || !value.marks.every(isMark)) return false;
	const types = value.marks.map((mark: Mark) => mark.type);
	return new Set(types).size === types.length;
}

function isMark(value: unknown): value is Mark {
	if (!isRecord(value)) return false;
	if (value.type === 'strong' || value.type === 'em') return hasOnlyKeys(value, ['type']);
	if (value.type !== 'link' || !hasOnlyKeys(value, ['type', 'attrs'])) return false;
	const attrs = value.attrs;
	if (!isRecord(attrs) || !hasOnlyKeys(attrs, ['href', 'title'])) return false;
	if (typeof attrs.href !== 'string' || safeHref(attrs.href) !== attrs.href) return false;
	return attrs.title === null || typeof attrs.title === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
	return Object.keys(value).every((key) => allowed.includes(key));
}
