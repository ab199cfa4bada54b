import { sameMarks, sortMarks, type Block, type LinkMark, type Mark } from '../import/model';
import { escapeXml, xmlAttributes } from './export-xml';

// Bold, italic and links inside a segment as XLIFF inline codes, so a CAT tool shows them as tags
// the translator keeps in place instead of losing them. A code in the target that matches one in
// the source (same kind, same link) gets the source code's id, which is how XLIFF says "the same
// code"; codes the translator added get ids of their own. A hard break stays a line feed.

export interface InlineDialect {
	open(id: string, mark: Mark): string;
	close(id: string, mark: Mark): string;
}

/** The HTML a link stands for, which XLIFF carries as the code's original data. */
export function linkStartTag(mark: LinkMark): string {
	const title = mark.attrs.title ? ` title="${escapeHtmlAttribute(mark.attrs.title)}"` : '';
	return `<a href="${escapeHtmlAttribute(mark.attrs.href)}"${title}>`;
}
export const LINK_END_TAG = '</a>';

const escapeHtmlAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

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

export const hasMarks = (block: Block) => (block.content ?? []).some((n) => n.type === 'text' && (n.marks?.length ?? 0) > 0);

const signature = (mark: Mark) => (mark.type === 'link' ? `link\u0000${mark.attrs.href}\u0000${mark.attrs.title ?? ''}` : mark.type);

/**
 * Hands out code ids for one unit: the source's codes are numbered in order; a target code takes
 * the id of the first source code of the same signature it has not used yet, else a new number.
 */
export class CodeIds {
	private readonly source: { signature: string; id: string }[] = [];
	private readonly usedByTarget = new Set<string>();
	private next = 1;

	forSource(mark: Mark): string {
		const id = String(this.next++);
		this.source.push({ signature: signature(mark), id });
		return id;
	}

	forTarget(mark: Mark): string {
		const match = this.source.find((c) => c.signature === signature(mark) && !this.usedByTarget.has(c.id));
		if (match) {
			this.usedByTarget.add(match.id);
			return match.id;
		}
		return String(this.next++);
	}
}

/** A block's text with its marks as properly nested codes: the mark that is already open stays open. */
export function inlineXml(block: Block, nextId: (mark: Mark) => string, dialect: InlineDialect): string {
	let out = '';
	const open: { mark: Mark; id: string }[] = [];
	for (const node of block.content ?? []) {
		if (node.type === 'hard_break') {
			out += '\n';
			continue;
		}
		const marks = sortMarks(node.marks ?? []);
		let keep = 0;
		while (keep < open.length && keep < marks.length && sameMarks([open[keep].mark], [marks[keep]])) keep++;
		while (open.length > keep) {
			const closing = open.pop()!;
			out += dialect.close(closing.id, closing.mark);
		}
		for (const mark of marks.slice(keep)) {
			const id = nextId(mark);
			open.push({ mark, id });
			out += dialect.open(id, mark);
		}
		out += escapeXml(node.text);
	}
	while (open.length > 0) {
		const closing = open.pop()!;
		out += dialect.close(closing.id, closing.mark);
	}
	return out;
}

/** XLIFF 1.2: bold and italic as <g>; a link as <bpt>/<ept> holding its HTML, which <g> cannot carry. */
export const XLIFF12_INLINE: InlineDialect = {
	open: (id, mark) =>
		mark.type === 'link'
			? `<bpt${xmlAttributes({ id, ctype: 'link' })}>${escapeXml(linkStartTag(mark))}</bpt>`
			: `<g${xmlAttributes({ id, ctype: mark.type === 'strong' ? 'bold' : 'italic' })}>`,
	close: (id, mark) => (mark.type === 'link' ? `<ept${xmlAttributes({ id })}>${escapeXml(LINK_END_TAG)}</ept>` : '</g>')
};

/** XLIFF 2.0: every mark a <pc>; a link's HTML goes to the unit's <originalData>. */
export const xliff20Inline = (data: OriginalData): InlineDialect => ({
	open: (id, mark) =>
		mark.type === 'link'
			? `<pc${xmlAttributes({ id, type: 'link', dataRefStart: data.ref(linkStartTag(mark)), dataRefEnd: data.ref(LINK_END_TAG) })}>`
			: `<pc${xmlAttributes({ id, type: 'fmt', subType: mark.type === 'strong' ? 'xlf:b' : 'xlf:i' })}>`,
	close: () => '</pc>'
});

const HTML_TAG = { strong: 'b', em: 'i' } as const;
const TMX_TYPE = { strong: 'bold', em: 'italic', link: 'link' } as const;

/**
 * TMX 1.4b level 2: each mark a <bpt>/<ept> pair holding its HTML. `i` pairs them within a <seg>;
 * `x` is the code id above, so a code in the target <tuv> matches the source's by `x`.
 */
export const TMX_INLINE: InlineDialect = {
	open: (id, mark) =>
		`<bpt${xmlAttributes({ i: id, x: id, type: TMX_TYPE[mark.type] })}>${escapeXml(mark.type === 'link' ? linkStartTag(mark) : `<${HTML_TAG[mark.type]}>`)}</bpt>`,
	close: (id, mark) => `<ept${xmlAttributes({ i: id })}>${escapeXml(mark.type === 'link' ? LINK_END_TAG : `</${HTML_TAG[mark.type]}>`)}</ept>`
};
