import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { blockLike, isBlock, joinRuns, plainText, sortMarks, tidyInline, type Block, type Inline, type Mark } from '../import/model';
import { blockOverLimit } from '../import/block-limits';
import { storableText } from '../validation';

// A segment's inline formatting on its way through a machine translation engine and back. The
// engine sees tags it is documented to keep (DeepL and LibreTranslate: HTML; chat models: numbered
// placeholder tags), each carrying a number that names the source span it came from. Links travel
// as numbers only: the address stays here, so no engine can change where a link goes. The answer
// is read with an HTML parser, and a tag that did not come back intact (dropped, duplicated,
// unclosed, renamed, given attributes it was not sent with) gives up its formatting while its
// words are kept: what is lost is said, and the block is always one the save path accepts.

/** `html`: <b id="1">, <i id="2">, <a id="3">, <br>. `placeholders`: <g1>…</g1> for any span, <br/>. */
export type TagDialect = 'html' | 'placeholders';

export interface SentSpan {
	/** The number the engine sees. */
	id: number;
	mark: Mark;
	/** The span that encloses this one in the source, whose marks its words carry too. */
	parent: number | null;
	/** The source words it wraps, to say what was lost. */
	text: string;
}

/** A segment as sent: the text the engine receives, and what its tags stand for. */
export interface EngineSegment {
	dialect: TagDialect;
	text: string;
	spans: readonly SentSpan[];
	breaks: number;
	/** The source block's kind (paragraph, heading of a level): the answer takes it. */
	like: Block;
}

export type EngineAnswer =
	{ ok: true; block: Block; formattingLost: false } | { ok: true; block: Block; formattingLost: true; lost: string[] } | { ok: false; error: string };

const markKey = (mark: Mark) => (mark.type === 'link' ? `link ${mark.attrs.href} ${mark.attrs.title ?? ''}` : mark.type);

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const HTML_TAG: Record<Mark['type'], string> = { strong: 'b', em: 'i', link: 'a' };

function openTag(dialect: TagDialect, span: SentSpan): string {
	return dialect === 'html' ? `<${HTML_TAG[span.mark.type]} id="${span.id}">` : `<g${span.id}>`;
}

function closeTag(dialect: TagDialect, span: SentSpan): string {
	return dialect === 'html' ? `</${HTML_TAG[span.mark.type]}>` : `</g${span.id}>`;
}

/**
 * The segment as an engine receives it. A mark that goes on is opened before those that stop
 * sooner, so it stays open across them: `**bold *italic* bold**` is one bold tag around one
 * italic tag, never bold closed and reopened around the italic.
 */
export function toEngineSegment(block: Block, dialect: TagDialect): EngineSegment {
	const nodes = block.content ?? [];
	const spans: SentSpan[] = [];
	const open: SentSpan[] = [];
	let text = '';
	let breaks = 0;
	const close = (depth: number) => {
		while (open.length > depth) text += closeTag(dialect, open.pop()!);
	};
	nodes.forEach((node, i) => {
		if (node.type === 'hard_break') {
			// A break carries no marks: the spans that go on after it stay open around it.
			const next = nodes.slice(i + 1).find((n) => n.type === 'text');
			const going = new Set((next?.type === 'text' ? (next.marks ?? []) : []).map(markKey));
			let keep = 0;
			while (keep < open.length && going.has(markKey(open[keep].mark))) keep++;
			close(keep);
			text += dialect === 'html' ? '<br>' : '<br/>';
			breaks++;
			return;
		}
		const keys = new Map((node.marks ?? []).map((m) => [markKey(m), m]));
		let keep = 0;
		while (keep < open.length && keys.has(markKey(open[keep].mark))) keep++;
		close(keep);
		const kept = new Set(open.map((s) => markKey(s.mark)));
		const opening = [...keys].filter(([key]) => !kept.has(key)).sort(([a], [b]) => runLength(nodes, i, b) - runLength(nodes, i, a) || a.localeCompare(b));
		for (const [, mark] of opening) {
			const span: SentSpan = { id: spans.length + 1, mark, parent: open.at(-1)?.id ?? null, text: '' };
			spans.push(span);
			open.push(span);
			text += openTag(dialect, span);
		}
		for (const span of open) span.text += node.text;
		text += escapeText(node.text);
	});
	close(0);
	return { dialect, text, spans, breaks, like: blockLike(block, []) };
}

/** How many text nodes from `from` on carry the mark `key`, line breaks passed over. */
function runLength(nodes: readonly Inline[], from: number, key: string): number {
	let n = 0;
	for (let i = from; i < nodes.length; i++) {
		const node = nodes[i];
		if (node.type === 'hard_break') continue;
		if (!(node.marks ?? []).some((m) => markKey(m) === key)) break;
		n++;
	}
	return n;
}

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const HTML_KINDS: Record<string, Mark['type']> = { b: 'strong', strong: 'strong', i: 'em', em: 'em', a: 'link' };

/** The sent span an element of the answer stands for, if it came back exactly as it was sent. */
function spanNumber(element: Element, dialect: TagDialect): { id: number; kind: Mark['type'] | null } | null {
	if (dialect === 'placeholders') {
		const match = /^g([1-9][0-9]{0,5})$/.exec(element.tagName);
		return match && element.attrs.length === 0 ? { id: Number(match[1]), kind: null } : null;
	}
	const kind = HTML_KINDS[element.tagName];
	if (!kind || element.attrs.length !== 1 || element.attrs[0].name !== 'id') return null;
	const id = /^\s*([1-9][0-9]{0,5})\s*$/.exec(element.attrs[0].value);
	return id ? { id: Number(id[1]), kind } : null;
}

const childrenOf = (node: Node): Node[] => {
	if (node.nodeName === 'template') return (node as DefaultTreeAdapterMap['template']).content.childNodes;
	return 'childNodes' in node ? node.childNodes : [];
};

/** Every element of the answer that claims to be sent span `id`, so a duplicated one can be told apart. */
function claims(root: Node, dialect: TagDialect): Map<number, number> {
	const count = new Map<number, number>();
	const pending = [...childrenOf(root)];
	while (pending.length) {
		const node = pending.pop()!;
		if ('tagName' in node) {
			const claim = spanNumber(node, dialect);
			if (claim) count.set(claim.id, (count.get(claim.id) ?? 0) + 1);
		}
		pending.push(...childrenOf(node));
	}
	return count;
}

/**
 * The engine's answer as a block shaped like the source, with the formatting that survived. Never
 * throws: an answer it cannot use at all (no text, or over a segment's limits) is `ok: false`.
 */
export function fromEngineAnswer(answer: string, sent: EngineSegment): EngineAnswer {
	try {
		return readAnswer(answer, sent);
	} catch (e) {
		return { ok: false, error: `The engine's answer could not be read (${e instanceof Error ? e.message : String(e)}).` };
	}
}

function readAnswer(answer: string, sent: EngineSegment): EngineAnswer {
	const root = parseFragment(answer, { sourceCodeLocationInfo: true });
	const byId = new Map(sent.spans.map((s) => [s.id, s]));
	const seen = claims(root, sent.dialect);
	const applied = new Set<number>();
	const inline: Inline[] = [];
	let breaks = 0;
	const marksOf = (id: number | null): Mark[] => {
		const marks: Mark[] = [];
		for (let span = id === null ? undefined : byId.get(id); span; span = span.parent === null ? undefined : byId.get(span.parent)) marks.push(span.mark);
		return sortMarks(marks);
	};
	// Depth-first, in document order, without recursion: an answer may nest deeper than a stack allows.
	// `within`: the sent spans that came back intact around this node; the innermost decides the marks.
	const pending: { node: Node; within: number[] }[] = childrenOf(root)
		.map((node) => ({ node, within: [] }))
		.reverse();
	while (pending.length) {
		const { node, within } = pending.pop()!;
		if (node.nodeName === '#text') {
			const text = storableText((node as DefaultTreeAdapterMap['textNode']).value).replace(/[\r\n]+/g, ' ');
			if (text) {
				const marks = marksOf(within.at(-1) ?? null);
				inline.push(marks.length ? { type: 'text', text, marks } : { type: 'text', text });
				for (const id of within) applied.add(id);
			}
			continue;
		}
		if (!('tagName' in node)) continue; // comments, doctypes
		if (node.tagName === 'br') {
			// More breaks than were sent cannot be placed: they read as spaces.
			if (breaks < sent.breaks) inline.push({ type: 'hard_break' });
			else inline.push({ type: 'text', text: ' ' });
			breaks++;
			continue;
		}
		let inner = within;
		const claim = spanNumber(node, sent.dialect);
		const source = claim ? byId.get(claim.id) : undefined;
		const location = node.sourceCodeLocation;
		if (
			claim &&
			source &&
			(claim.kind === null || claim.kind === source.mark.type) &&
			seen.get(claim.id) === 1 &&
			location?.startTag !== undefined &&
			location.endTag !== undefined
		) {
			inner = [...within, claim.id];
		}
		const children = childrenOf(node);
		for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], within: inner });
	}
	const content = tidyInline(joinRuns(inline));
	const block = blockLike(sent.like, content);
	if (plainText(block).trim() === '') return { ok: false, error: 'The engine answered with no text.' };
	const over = blockOverLimit(block);
	if (over) return { ok: false, error: `The engine's answer is too large for a segment: ${over}` };
	if (!isBlock(block)) return { ok: false, error: 'The engine answered with text that cannot be stored as a segment.' };
	const lost = sent.spans.filter((s) => !applied.has(s.id)).map(describeLoss);
	const keptBreaks = Math.min(breaks, sent.breaks);
	if (keptBreaks < sent.breaks) lost.push(sent.breaks - keptBreaks === 1 ? 'a line break' : `${sent.breaks - keptBreaks} line breaks`);
	return lost.length ? { ok: true, block, formattingLost: true, lost } : { ok: true, block, formattingLost: false };
}

function describeLoss(span: SentSpan): string {
	const words = span.text.length > 40 ? `${span.text.slice(0, 39)}…` : span.text;
	if (span.mark.type === 'link') return `the link on “${words}” (${span.mark.attrs.href})`;
	return `${span.mark.type === 'strong' ? 'bold' : 'italic'} on “${words}”`;
}
