import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { InlineBuilder, normalizeInput, type ParseOptions } from './inline';
import { safeHref } from './links';
import type { Block, HeadingLevel } from './model';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

// Content that is never text of the article (not shown by a browser, or not prose): dropped with
// everything inside.
// prettier-ignore
const DROPPED = new Set([
	'head', 'title', 'script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'noembed',
	'noframes', 'datalist', 'rp', 'rt', 'svg', 'math', 'canvas', 'audio', 'video', 'select', 'textarea', 'button'
]);

// Elements that end the current segment before and after them. A block that holds other blocks
// (div > p) just separates them; text directly inside it becomes a segment of its own.
// prettier-ignore
const BLOCKS = new Set([
	'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
	'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4',
	'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol',
	'p', 'plaintext', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'xmp'
]);

/** More tags than any article needs; the parse tree of that many would cost hundreds of megabytes. */
export const MAX_HTML_TAGS = 100_000;

/** How many start tags `input` has, counting no further than `stopAfter`. */
export function countHtmlTags(input: string, stopAfter: number = MAX_HTML_TAGS + 1): number {
	let count = 0;
	for (const pattern = /<[a-zA-Z]/g; count < stopAfter && pattern.exec(input);) count++;
	return count;
}

const PREFORMATTED = new Set(['pre', 'listing', 'xmp', 'plaintext']);

/**
 * HTML, a fragment or a whole page, parsed as a browser would (parse5). Paragraphs, headings,
 * list items, table cells and text directly inside divs become segments; b/strong, i/em and
 * a[href] (http, https, mailto only) become marks; br a hard break; other elements are unwrapped to
 * their text, so images (which have none) disappear, and ruby annotations are dropped. The output
 * is data only: no HTML string from the input survives.
 */
export function parseHtml(input: string, options: ParseOptions = {}): Block[] {
	const max = options.maxBlocks ?? Infinity;
	const blocks: Block[] = [];
	const builder = new InlineBuilder();
	let preDepth = 0;

	const flush = (element?: Element) => {
		const level = element ? headingLevelOf(element.tagName) : null;
		const block = level ? builder.finish('heading', level) : builder.finish();
		if (block && blocks.length < max) blocks.push(block);
	};

	// An explicit stack rather than recursion: parse5 accepts any nesting depth.
	type Step = { node: Node; leaving: boolean };
	const stack: Step[] = [{ node: parse(normalizeInput(input)), leaving: false }];
	while (stack.length > 0 && blocks.length < max) {
		const { node, leaving } = stack.pop()!;
		if (node.nodeName === '#text' && 'value' in node) {
			if (preDepth > 0) addPreformatted(builder, node.value);
			else builder.collapsedText(node.value);
			continue;
		}
		if (!('tagName' in node)) {
			if ('childNodes' in node) pushChildren(stack, node.childNodes);
			continue;
		}
		const tag = node.tagName;
		if (leaving) {
			leave(builder, node);
			if (PREFORMATTED.has(tag)) preDepth--;
			if (BLOCKS.has(tag)) flush(node);
			continue;
		}
		if (DROPPED.has(tag) || node.attrs.some((attr) => attr.name === 'hidden')) continue;
		if (BLOCKS.has(tag)) flush();
		if (PREFORMATTED.has(tag)) preDepth++;
		enter(builder, node);
		stack.push({ node, leaving: true });
		pushChildren(stack, node.childNodes);
	}
	flush();
	return blocks;
}

function pushChildren(stack: { node: Node; leaving: boolean }[], children: Node[]): void {
	for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], leaving: false });
}

function enter(builder: InlineBuilder, element: Element): void {
	switch (element.tagName) {
		case 'b':
		case 'strong':
			builder.openStrong();
			break;
		case 'i':
		case 'em':
			builder.openEm();
			break;
		case 'a': {
			const href = attribute(element, 'href');
			builder.openLink(href === null ? null : safeHref(href), attribute(element, 'title') || null);
			break;
		}
		case 'br':
			builder.hardBreak();
			break;
	}
}

function leave(builder: InlineBuilder, element: Element): void {
	switch (element.tagName) {
		case 'b':
		case 'strong':
			builder.closeStrong();
			break;
		case 'i':
		case 'em':
			builder.closeEm();
			break;
		case 'a':
			builder.closeLink();
			break;
	}
}

function addPreformatted(builder: InlineBuilder, text: string): void {
	text.split('\n').forEach((line, i) => {
		if (i > 0) builder.hardBreak();
		builder.text(line);
	});
}

function attribute(element: Element, name: string): string | null {
	return element.attrs.find((attr) => attr.name === name)?.value ?? null;
}

function headingLevelOf(tag: string): HeadingLevel | null {
	return /^h[1-6]$/.test(tag) ? (Number(tag[1]) as HeadingLevel) : null;
}
