import { safeHref } from '../import/links';
import { sortMarks, type Block, type Inline, type Mark } from '../import/model';

// Renders approved segments as the HTML of a public page. The model has only paragraphs,
// headings, text with strong/em/link marks and hard breaks, so this is a serialiser of a closed
// set of elements, not a sanitiser: every text and attribute value is escaped, and a link's
// href is checked again (http, https, mailto only) however it got into the database.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and attribute values. NUL, which HTML forbids, is dropped, and
 * CR LF or CR become LF here, as a browser would make them, so the page reads as stored.
 */
export function escapeHtml(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(/[&<>"'\0]/g, (c) => ESCAPES[c] ?? '');
}

function open(mark: Mark): string {
	if (mark.type === 'strong') return '<strong>';
	if (mark.type === 'em') return '<em>';
	const href = safeHref(mark.attrs.href);
	if (!href) return '';
	const title = mark.attrs.title ? ` title="${escapeHtml(mark.attrs.title)}"` : '';
	return `<a href="${escapeHtml(href)}"${title} rel="nofollow noopener">`;
}

function close(mark: Mark): string {
	if (mark.type === 'strong') return '</strong>';
	if (mark.type === 'em') return '</em>';
	return safeHref(mark.attrs.href) ? '</a>' : '';
}

/** Inline content with marks nested the same way for every run (link outermost, then em, strong). */
export function renderInline(content: readonly Inline[] | undefined): string {
	let html = '';
	for (const node of content ?? []) {
		if (node.type === 'hard_break') {
			html += '<br>';
			continue;
		}
		const marks = sortMarks(node.marks ?? []);
		html += marks.map(open).join('') + escapeHtml(node.text) + [...marks].reverse().map(close).join('');
	}
	return html;
}

export function renderBlock(block: Block): string {
	const tag = block.type === 'heading' ? `h${Math.min(6, Math.max(1, block.attrs.level))}` : 'p';
	return `<${tag}>${renderInline(block.content)}</${tag}>`;
}

export function renderBlocks(blocks: readonly Block[]): string {
	return blocks.map(renderBlock).join('\n');
}
