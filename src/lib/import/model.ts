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
	return blockProblem(value) === null;
}

const json = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/**
 * What makes `value` not a segment, said so that whoever sent it can fix it, or null when it is
 * one (the same rules as `isBlock`). Runs are counted from 1, as a person reads them.
 */
export function blockProblem(value: unknown): string | null {
	if (!isRecord(value) || (value.type !== 'paragraph' && value.type !== 'heading')) {
		return 'content must be a paragraph or heading: {"type": "paragraph", "content": [...]}.';
	}
	const extra = Object.keys(value).find((key) => !['type', 'content', ...(value.type === 'heading' ? ['attrs'] : [])].includes(key));
	if (extra !== undefined) return `A ${value.type} has no "${extra}"; remove it.`;
	if (value.type === 'heading') {
		const attrs = value.attrs;
		const level = isRecord(attrs) ? attrs.level : undefined;
		if (!isRecord(attrs) || !hasOnlyKeys(attrs, ['level']) || typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) {
			return 'A heading needs "attrs": {"level": n} with n from 1 to 6, and nothing else.';
		}
	}
	const content = value.content;
	if (!Array.isArray(content)) return 'content must hold a "content" list of text runs and hard breaks.';
	for (const [i, node] of content.entries()) {
		const problem = inlineProblem(node);
		if (problem) return `Run ${i + 1} of the content: ${problem}`;
	}
	if (plainText(value as Block).trim() === '') return 'content must be a paragraph or heading with some text.';
	return null;
}

function inlineProblem(value: unknown): string | null {
	if (isRecord(value) && value.type === 'hard_break') return hasOnlyKeys(value, ['type']) ? null : 'a hard break has only a "type".';
	if (!isRecord(value) || value.type !== 'text') return 'each run must be {"type": "text", "text": "…"} or {"type": "hard_break"}.';
	const extra = Object.keys(value).find((key) => !['type', 'text', 'marks'].includes(key));
	if (extra !== undefined) return `a text run has no "${extra}"; remove it.`;
	if (typeof value.text !== 'string' || value.text === '') return 'a text run needs some "text"; leave empty runs out.';
	// A line break is always a hard_break node, never a newline inside text.
	if (/[\n\r]/.test(value.text)) return 'a line break inside "text" must be a {"type": "hard_break"} run of its own.';
	if (value.marks === undefined) return null;
	if (!Array.isArray(value.marks)) return '"marks" must be a list.';
	const seen = new Set<unknown>();
	for (const mark of value.marks) {
		const problem = markProblem(mark);
		if (problem) return problem;
		const type = (mark as Mark).type;
		if (seen.has(type)) return `it has two ${type} marks; a run has at most one of each.`;
		seen.add(type);
	}
	return null;
}

function markProblem(value: unknown): string | null {
	if (isRecord(value) && (value.type === 'strong' || value.type === 'em'))
		return hasOnlyKeys(value, ['type']) ? null : `a ${value.type} mark has only a "type".`;
	if (!isRecord(value) || value.type !== 'link') return `${json(value)} is not a mark: use {"type": "strong"}, {"type": "em"} or a link.`;
	const attrs = value.attrs;
	if (!hasOnlyKeys(value, ['type', 'attrs']) || !isRecord(attrs) || !hasOnlyKeys(attrs, ['href', 'title'])) {
		return 'a link mark is {"type": "link", "attrs": {"href": "…", "title": null}}.';
	}
	if (typeof attrs.href !== 'string') return 'a link needs an "href" string.';
	const href = safeHref(attrs.href);
	if (href === null) return `the link address ${json(attrs.href)} is not an absolute http, https or mailto URL.`;
	if (href !== attrs.href) return `write the link address ${json(attrs.href)} as ${json(href)}.`;
	if (attrs.title !== null && typeof attrs.title !== 'string') return 'a link\'s "title" must be a string or null.';
	return null;
}

/**
 * `value` with each link address that `safeHref` accepts written in its normal form (what the URL
 * parser serialises: `HTTPS://Example.org` is `https://example.org/`), so a client need not
 * normalise addresses itself; anything else is left for `blockProblem` to judge.
 */
export function normaliseLinks(value: unknown): unknown {
	if (!isRecord(value) || !Array.isArray(value.content)) return value;
	const content = value.content.map((node) => {
		if (!isRecord(node) || !Array.isArray(node.marks)) return node;
		const marks = node.marks.map((mark) => {
			if (!isRecord(mark) || mark.type !== 'link' || !isRecord(mark.attrs) || typeof mark.attrs.href !== 'string') return mark;
			const href = safeHref(mark.attrs.href);
			return href === null || href === mark.attrs.href ? mark : { ...mark, attrs: { ...mark.attrs, href } };
		});
		return { ...node, marks };
	});
	return { ...value, content };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
	return Object.keys(value).every((key) => allowed.includes(key));
}
