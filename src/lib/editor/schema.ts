import { Schema, type DOMOutputSpec, type Node } from 'prosemirror-model';
import { safeHref } from '../import/links';
import { blockLike, tidyInline, type Block, type Inline } from '../import/model';

const headingLevels = [1, 2, 3, 4, 5, 6] as const;

/**
 * One editor per segment: the document holds exactly one block, a paragraph or a heading, so a
 * segment can never be split or joined from inside its editor. Marks are ranked link, em, strong,
 * the order `src/lib/import/model.ts` keeps, so `toJSON()` gives blocks that compare equal to stored ones.
 */
export const schema = new Schema({
	nodes: {
		doc: { content: 'block' },
		paragraph: {
			group: 'block',
			content: 'inline*',
			parseDOM: [{ tag: 'p' }],
			toDOM: (): DOMOutputSpec => ['p', 0]
		},
		heading: {
			group: 'block',
			content: 'inline*',
			attrs: { level: { default: 1, validate: 'number' } },
			defining: true,
			parseDOM: headingLevels.map((level) => ({ tag: `h${level}`, attrs: { level } })),
			toDOM: (node): DOMOutputSpec => [`h${node.attrs.level}`, 0]
		},
		text: { group: 'inline' },
		hard_break: {
			inline: true,
			group: 'inline',
			selectable: false,
			parseDOM: [{ tag: 'br' }],
			toDOM: (): DOMOutputSpec => ['br']
		}
	},
	marks: {
		link: {
			attrs: { href: { validate: 'string' }, title: { default: null } },
			inclusive: false,
			parseDOM: [
				{
					tag: 'a[href]',
					// A pasted link with an unsafe or relative href keeps its text and loses the link.
					getAttrs: (dom) => {
						const href = safeHref(dom.getAttribute('href') ?? '');
						return href ? { href, title: dom.getAttribute('title') || null } : false;
					}
				}
			],
			toDOM: (mark): DOMOutputSpec => ['a', { href: mark.attrs.href, title: mark.attrs.title, rel: 'noopener noreferrer' }, 0]
		},
		em: {
			parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
			toDOM: (): DOMOutputSpec => ['em', 0]
		},
		strong: {
			parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
			toDOM: (): DOMOutputSpec => ['strong', 0]
		}
	}
});

/** The editor document for a segment: its saved block, or an empty block shaped like the source. */
export function docFromBlock(block: Block | null, like: Block): Node {
	return schema.node('doc', null, [schema.nodeFromJSON(block ?? blockLike(like, []))]);
}

/** The segment as stored: the editor's block with its inline content tidied (see `tidyInline`). */
export function blockFromDoc(doc: Node): Block {
	const json = doc.firstChild!.toJSON() as Block;
	return blockLike(json, tidyInline(json.content ?? ([] as Inline[])));
}
