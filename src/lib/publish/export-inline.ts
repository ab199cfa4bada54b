import type { Block, HardBreak, Inline, LinkMark, Mark } from '../import/model';
import { escapeXml, xmlAttributes } from './export-xml';

// Bold, italic, links and line breaks inside a segment as inline codes, so a CAT tool shows them
// as tags the translator keeps in place instead of losing them. XLIFF 1.2 and TMX encode them
// alike (a <bpt>/<ept> pair or a <ph> holding the HTML it stands for) so that a tool which reads
// both sees the same tags for the same segment; docs/interchange.md says why. A code in the
// target that matches one in the source (same kind, same link) gets the source code's id, which
// is how both formats say "the same code"; codes the translator added get ids of their own.

/** What an inline code stands for: a mark, or a line break. */
export type InlineCode = Mark | HardBreak;

export interface InlineDialect {
	open(id: string, mark: Mark): string;
	close(id: string, mark: Mark): string;
	lineBreak(id: string): string;
}

const escapeHtmlAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The HTML a link stands for, which the formats carry as the code's original data. */
export function linkStartTag(mark: LinkMark): string {
	const title = mark.attrs.title ? ` title="${escapeHtmlAttribute(mark.attrs.title)}"` : '';
	return `<a href="${escapeHtmlAttribute(mark.attrs.href)}"${title}>`;
}
export const LINK_END_TAG = '</a>';
export const LINE_BREAK_TAG = '<br/>';

const HTML_TAG = { strong: 'b', em: 'i' } as const;

/** The HTML that opens and closes a mark: what a <bpt>/<ept> pair holds. */
export function markHtml(mark: Mark): { start: string; end: string } {
	if (mark.type === 'link') return { start: linkStartTag(mark), end: LINK_END_TAG };
	return { start: `<${HTML_TAG[mark.type]}>`, end: `</${HTML_TAG[mark.type]}>` };
}

/** XLIFF 2.0's <originalData>: one <data> per distinct piece of original markup in the unit. */
export class OriginalData {
	private readonly ids = new Map<string, string>();

	ref(content: string): string {
		let id = this.ids.get(content);
		if (!id) this.ids.set(content, (id = `d${this.ids.size + 1}`));
		return id;
	}

	toXml(): string {
		if (this.ids.size === 0) return '';
		const entries = [...this.ids].map(([content, id]) => `<data id="${id}">${escapeXml(content)}</data>`);
		return `<originalData>${entries.join('')}</originalData>`;
	}
}

/** Whether a block needs any inline code (a mark or a line break), which makes its datatype HTML. */
export const hasCodes = (block: Block) => (block.content ?? []).some((n) => n.type === 'hard_break' || (n.marks?.length ?? 0) > 0);

const signature = (code: InlineCode) =>
	code.type === 'link' ? `link\u0000${code.attrs.href}\u0000${code.attrs.title ?? ''}` : code.type === 'hard_break' ? 'lb' : code.type;

/**
 * Hands out code ids for one unit: the source's codes are numbered in order; a target code takes
 * the id of the first source code of the same signature it has not used yet, else a new number.
 */
export class CodeIds {
	private readonly source: { signature: string; id: string }[] = [];
	private readonly usedByTarget = new Set<string>();
	private next = 1;

	forSource(code: InlineCode): string {
		const id = String(this.next++);
		this.source.push({ signature: signature(code), id });
		return id;
	}

	forTarget(code: InlineCode): string {
		const match = this.source.find((c) => c.signature === signature(code) && !this.usedByTarget.has(c.id));
		if (match) {
			this.usedByTarget.add(match.id);
			return match.id;
		}
		return String(this.next++);
	}
}

/** The rank of prosemirror-schema-basic, only to break ties between marks that start and end together. */
const MARK_RANK: Record<Mark['type'], number> = { link: 0, em: 1, strong: 2 };

/**
 * The marks each node sits inside. A hard break carries no marks in the model, but a break inside
 * a bold run should not end the run: it sits inside the marks its neighbours share.
 */
function marksAround(content: readonly Inline[]): string[][] {
	const own = content.map((node) => (node.type === 'text' ? (node.marks ?? []).map(signature) : null));
	const before: string[][] = [];
	let last: string[] = [];
	for (const marks of own) before.push((last = marks ?? last));
	const around: string[][] = new Array(own.length);
	let next: string[] = [];
	for (let i = own.length - 1; i >= 0; i--) {
		const marks = own[i];
		if (marks) next = around[i] = marks;
		else around[i] = before[i].filter((m) => next.includes(m));
	}
	return around;
}

/**
 * A block's text with its marks as properly nested codes. A mark already open stays open while
 * the text keeps it; only marks that end are closed, and new ones open inside. Of marks that start
 * together, the one that lasts longest opens first, so it need not be closed when the other ends.
 */
export function inlineXml(block: Block, nextId: (code: InlineCode) => string, dialect: InlineDialect): string {
	const content = block.content ?? [];
	const around = marksAround(content);
	const lasting = (sig: string, from: number) => {
		let end = from;
		while (end < around.length && around[end].includes(sig)) end++;
		return end - from;
	};
	let out = '';
	const open: { mark: Mark; sig: string; id: string }[] = [];
	content.forEach((node, i) => {
		const wanted = around[i];
		let keep = 0;
		while (keep < open.length && wanted.includes(open[keep].sig)) keep++;
		while (open.length > keep) {
			const closing = open.pop()!;
			out += dialect.close(closing.id, closing.mark);
		}
		if (node.type === 'hard_break') {
			out += dialect.lineBreak(nextId(node));
			return;
		}
		const starting = (node.marks ?? [])
			.map((mark) => ({ mark, sig: signature(mark) }))
			.filter(({ sig }) => !open.some((o) => o.sig === sig))
			.sort((a, b) => lasting(b.sig, i) - lasting(a.sig, i) || MARK_RANK[a.mark.type] - MARK_RANK[b.mark.type]);
		for (const { mark, sig } of starting) {
			const id = nextId(mark);
			open.push({ mark, sig, id });
			out += dialect.open(id, mark);
		}
		out += escapeXml(node.text);
	});
	while (open.length > 0) {
		const closing = open.pop()!;
		out += dialect.close(closing.id, closing.mark);
	}
	return out;
}

const CODE_TYPE = { strong: 'bold', em: 'italic', link: 'link' } as const;

/** XLIFF 1.2: each mark a <bpt>/<ept> pair holding its HTML, a line break a <ph ctype="lb">, as in TMX. */
export const XLIFF12_INLINE: InlineDialect = {
	open: (id, mark) => `<bpt${xmlAttributes({ id, ctype: CODE_TYPE[mark.type] })}>${escapeXml(markHtml(mark).start)}</bpt>`,
	close: (id, mark) => `<ept${xmlAttributes({ id })}>${escapeXml(markHtml(mark).end)}</ept>`,
	lineBreak: (id) => `<ph${xmlAttributes({ id, ctype: 'lb' })}>${escapeXml(LINE_BREAK_TAG)}</ph>`
};

/** XLIFF 2.0: every mark a <pc> (a link's HTML in the unit's <originalData>), a line break <ph subType="xlf:lb">. */
export const xliff20Inline = (data: OriginalData): InlineDialect => ({
	open: (id, mark) =>
		mark.type === 'link'
			? `<pc${xmlAttributes({ id, type: 'link', dataRefStart: data.ref(linkStartTag(mark)), dataRefEnd: data.ref(LINK_END_TAG) })}>`
			: `<pc${xmlAttributes({ id, type: 'fmt', subType: mark.type === 'strong' ? 'xlf:b' : 'xlf:i' })}>`,
	close: () => '</pc>',
	lineBreak: (id) => `<ph${xmlAttributes({ id, type: 'fmt', subType: 'xlf:lb' })}/>`
});

/**
 * TMX 1.4b level 2: each mark a <bpt>/<ept> pair holding its HTML, a line break a <ph type="lb">.
 * `i` pairs a <bpt> with its <ept> within a <seg>; `x` is the code id above, so a code in the
 * target <tuv> matches the source's by `x`.
 */
export const TMX_INLINE: InlineDialect = {
	open: (id, mark) => `<bpt${xmlAttributes({ i: id, x: id, type: CODE_TYPE[mark.type] })}>${escapeXml(markHtml(mark).start)}</bpt>`,
	close: (id, mark) => `<ept${xmlAttributes({ i: id })}>${escapeXml(markHtml(mark).end)}</ept>`,
	lineBreak: (id) => `<ph${xmlAttributes({ x: id, type: 'lb' })}>${escapeXml(LINE_BREAK_TAG)}</ph>`
};

/** One unit's source and target in a dialect, the target's codes matched to the source's. */
export function inlinePair(source: Block, target: Block | null, dialect: InlineDialect): { source: string; target: string | null } {
	const ids = new CodeIds();
	const sourceXml = inlineXml(source, (c) => ids.forSource(c), dialect);
	return { source: sourceXml, target: target ? inlineXml(target, (c) => ids.forTarget(c), dialect) : null };
}
