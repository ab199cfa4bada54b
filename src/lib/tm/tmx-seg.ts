import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { blockOverLimit } from '../import/block-limits';
import { safeHref } from '../import/links';
import { blockLike, sortMarks, tidyInline, type Block, type Inline, type Mark } from '../import/model';
import { storableText } from '../validation';

// One <seg> of a TMX file read into a Rendition block: the inline codes Rendition knows (bold,
// italic, links, line breaks) become marks and hard breaks; every other code is dropped with its
// native data, never leaked into the text. docs/interchange.md lists what is read.

/** A code's native data longer than this is no code Rendition knows (a link is at most 2,048 characters). */
export const MAX_CODE_CHARS = 4_096;
const MAX_OPEN_MARKS = 64;
const OMEGAT_TAG = /<\/?[a-z]+\d+\/?>/gi;
export const INLINE_CODES = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);
const MARK_TYPES: Record<string, 'strong' | 'em'> = { bold: 'strong', b: 'strong', strong: 'strong', italic: 'em', i: 'em', em: 'em' };

const count = (n: number) => n.toLocaleString('en');

/** The mark a code stands for, by its `type` (which wins) or else by the HTML it holds (`<b>`, `<em>`, `<a href>`), or null. */
function markOf(type: string | undefined, data: string): Mark | null {
	const kind = type?.trim().toLowerCase();
	if (kind && MARK_TYPES[kind]) return { type: MARK_TYPES[kind] };
	// An isolated code may hold the closing tag (`<it pos="end">&lt;/b></it>`).
	const tag = data
		.trim()
		.match(/^<\s*\/?\s*([a-z]+)\b/i)?.[1]
		.toLowerCase();
	// A type Rendition does not know (Trados's numbers, `x-…`) leaves the HTML to say what the code is.
	if (tag && MARK_TYPES[tag] && kind !== 'link') return { type: MARK_TYPES[tag] };
	if (tag !== 'a') return null;
	const a = parseFragment(data).childNodes[0] as DefaultTreeAdapterMap['element'] | undefined;
	const attr = (name: string) => a?.attrs?.find((x) => x.name === name)?.value;
	const href = safeHref(attr('href') ?? '');
	return href ? { type: 'link', attrs: { href, title: attr('title') || null } } : null;
}

const isLineBreak = (type: string | undefined, data: string) => type?.trim().toLowerCase() === 'lb' || /^<\s*br\s*\/?\s*>$/i.test(data.trim());

/** One side's <seg> as it is read: text runs under the marks open at each point. */
export class SegBuilder {
	readonly nodes: Inline[] = [];
	private readonly open = new Map<string, Mark>();
	private pending = '';
	private chars = 0;
	over = false;
	dropped = 0;
	private isolated = 0;

	constructor(
		private readonly maxChars: number,
		private readonly omegaTags: boolean
	) {}

	private marks(): Mark[] | undefined {
		const byType = new Map<Mark['type'], Mark>();
		for (const mark of this.open.values()) byType.set(mark.type, mark);
		return byType.size ? sortMarks([...byType.values()]) : undefined;
	}

	private grow(n: number): boolean {
		this.chars += n;
		if (this.chars > this.maxChars) this.over = true;
		return !this.over;
	}

	/** Text may come in pieces (a chunk boundary inside it); it is read as a whole before the next code. */
	text(raw: string): void {
		if (this.pending.length <= this.maxChars) this.pending += raw;
		else this.over = true;
	}

	private flush(): void {
		const raw = this.pending;
		this.pending = '';
		if (!raw) return;
		// OmegaT's own TMX keeps its tags (`<b0>`, `</b0>`, `<x1/>`) as text: codes, not words.
		const parts = this.omegaTags ? raw.split(OMEGAT_TAG) : [raw];
		// A pair of tags is one code, as a <bpt> with its <ept> is.
		if (this.omegaTags) this.dropped += raw.match(OMEGAT_TAG)?.filter((tag) => !tag.startsWith('</')).length ?? 0;
		const marks = this.marks();
		for (const part of parts) {
			part.split(/\r\n?|\n/).forEach((line, i) => {
				if (i > 0) this.lineBreak();
				const text = storableText(line);
				if (text && this.grow(text.length)) this.nodes.push({ type: 'text', text, ...(marks ? { marks } : {}) });
			});
		}
	}

	lineBreak(): void {
		if (this.grow(1)) this.nodes.push({ type: 'hard_break' });
	}

	/** A finished code element: `name` with its attributes and native data. */
	code(name: string, attrs: Record<string, string>, data: string): void {
		this.flush();
		if (name === 'ph') {
			if (isLineBreak(attrs.type, data)) this.lineBreak();
			else this.dropped++;
			return;
		}
		if (name === 'ept') {
			// A dropped <bpt> was counted already; only its mark, if it had one, ends here.
			this.open.delete(`bpt ${attrs.i}`);
			return;
		}
		const mark = name === 'bpt' || name === 'it' ? markOf(attrs.type, data) : null;
		if (!mark || this.open.size >= MAX_OPEN_MARKS) {
			this.dropped++;
			return;
		}
		if (name === 'bpt') this.open.set(`bpt ${attrs.i}`, mark);
		else if (attrs.pos === 'begin') this.open.set(`it ${this.isolated++}`, mark);
		else this.markBefore(mark);
	}

	/** An isolated end: the mark began before this segment, so everything read so far is inside it. */
	private markBefore(mark: Mark): void {
		for (const [i, node] of this.nodes.entries()) {
			if (node.type !== 'text' || node.marks?.some((m) => m.type === mark.type)) continue;
			this.nodes[i] = { ...node, marks: sortMarks([...(node.marks ?? []), mark]) };
		}
	}

	/** <hi> holds segment text, highlighted: a mark when its type is one Rendition has. */
	openHighlight(key: string, type: string | undefined): void {
		this.flush();
		const mark = markOf(type, '');
		if (mark && this.open.size < MAX_OPEN_MARKS) this.open.set(key, mark);
		else this.dropped++;
	}

	closeHighlight(key: string): void {
		this.flush();
		this.open.delete(key);
	}

	/** The block, or why the side cannot be one. */
	finish(): { block: Block } | { problem: string } {
		this.flush();
		if (this.over) return { problem: `it has more than ${count(this.maxChars)} characters` };
		const block = blockLike({ type: 'paragraph' }, tidyInline(this.nodes));
		if (!block.content?.some((n) => n.type === 'text')) return { problem: 'it is empty' };
		const over = blockOverLimit(block);
		return over ? { problem: over.replace(/\.$/, '') } : { block };
	}
}
