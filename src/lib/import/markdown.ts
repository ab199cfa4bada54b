import MarkdownIt from 'markdown-it';
import type { Env, Token } from 'markdown-it';
import { InlineBuilder, normalizeInput, type ParseOptions } from './inline';
import { safeHref } from './links';
import type { Block, HeadingLevel } from './model';

// Raw HTML stays literal text; every link is parsed so that safeHref alone decides which survive
// (markdown-it's own validateLink would leave a refused link as its literal source instead).
// Inline parsing is done per block below, so that it can be skipped where it is pointless.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = () => true;
md.core.ruler.disable('inline');

// A document is parsed in pieces of about this size, cut at blank lines outside code fences, so
// that tokens never exist for the whole of a large input and parsing stops at options.maxBlocks.
const CHUNK_CHARS = 16 * 1024;
// A paragraph whose markdown is longer than this is far over any segment limit: it is kept as
// literal text instead of being parsed inline, which costs most on long adversarial runs.
const MAX_INLINE_SOURCE = 100_000;
const MAX_DEFINITIONS = 10_000;

/**
 * Markdown (CommonMark plus tables and strikethrough). Every paragraph, heading, code block and
 * table cell is one segment. Lists have no node in the editor schema, so each list item's paragraph
 * becomes a plain paragraph segment and its bullet or number is dropped; blockquotes likewise
 * yield their paragraphs. Images become their alt text; code keeps its text without a mark.
 */
export function parseMarkdown(input: string, options: ParseOptions = {}): Block[] {
	const max = options.maxBlocks ?? Infinity;
	const blocks: Block[] = [];
	const builder = new InlineBuilder();
	const text = normalizeInput(input);
	const env: Env = {};
	// Reference definitions may come after their use, in a later chunk: read them all first.
	if (text.length > CHUNK_CHARS) {
		const definitions = text.match(/^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:.*$/gm);
		if (definitions) md.parse(definitions.slice(0, MAX_DEFINITIONS).join('\n\n'), env);
	}
	for (const chunk of chunks(text)) {
		let headingLevel: HeadingLevel | null = null;
		for (const token of md.parse(chunk, env)) {
			if (token.type === 'heading_open') headingLevel = headingLevelOf(token.tag);
			else if (token.type === 'heading_close') headingLevel = null;
			if (token.type === 'inline') addInline(builder, token.content, env);
			else if (token.type === 'code_block' || token.type === 'fence') addLines(builder, token.content);
			else continue;
			const block = headingLevel ? builder.finish('heading', headingLevel) : builder.finish();
			if (block) blocks.push(block);
			if (blocks.length >= max) return blocks;
		}
	}
	return blocks;
}

/** The text in pieces of about CHUNK_CHARS, cut at a blank line outside fenced code. */
function* chunks(text: string): Generator<string> {
	let start = 0;
	let fence: string | null = null;
	for (let lineStart = 0; lineStart < text.length;) {
		const newline = text.indexOf('\n', lineStart);
		const lineEnd = newline === -1 ? text.length : newline;
		const line = text.slice(lineStart, lineEnd);
		lineStart = lineEnd + 1;
		const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence === null) {
			if (marker) fence = marker;
		} else if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
			fence = null;
		}
		const size = lineStart - start;
		// A blank line is the natural cut; long lists or tables without one are cut between lines.
		if (fence === null && size >= CHUNK_CHARS && (line.trim() === '' || size >= 4 * CHUNK_CHARS)) {
			yield text.slice(start, lineEnd);
			start = lineStart;
		}
	}
	if (start < text.length) yield text.slice(start);
}

function addInline(builder: InlineBuilder, source: string, env: Env): void {
	if (source.length > MAX_INLINE_SOURCE) {
		builder.text(source.replace(/\n/g, ' '));
		return;
	}
	const tokens: Token[] = [];
	md.inline.parse(source, md, env, tokens);
	for (const token of tokens) {
		switch (token.type) {
			case 'text':
			case 'code_inline':
				builder.text(token.content);
				break;
			case 'softbreak':
				builder.space('soft');
				break;
			case 'hardbreak':
				builder.hardBreak();
				break;
			case 'strong_open':
				builder.openStrong();
				break;
			case 'strong_close':
				builder.closeStrong();
				break;
			case 'em_open':
				builder.openEm();
				break;
			case 'em_close':
				builder.closeEm();
				break;
			case 'link_open':
				builder.openLink(safeHref(String(token.attrGet('href') ?? '')), String(token.attrGet('title') ?? '') || null);
				break;
			case 'link_close':
				builder.closeLink();
				break;
			case 'image':
				builder.text(altText(token));
				break;
			default:
				// Escapes and entities (text_special), strikethrough, and anything a later markdown-it
				// adds: keep the text, drop the markup.
				if (token.nesting === 0 && token.content) builder.text(token.content);
		}
	}
}

/** The alt text of an image, as markdown-it renders it into the alt attribute. */
function altText(image: Token): string {
	let text = '';
	const stack = [...(image.children ?? [])].reverse();
	for (let token = stack.pop(); token; token = stack.pop()) {
		if (token.type === 'image') stack.push(...[...(token.children ?? [])].reverse());
		else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
		else if (token.nesting === 0) text += token.content;
	}
	return text;
}

function addLines(builder: InlineBuilder, content: string): void {
	content
		.replace(/\n$/, '')
		.split('\n')
		.forEach((line, i) => {
			if (i > 0) builder.hardBreak();
			builder.text(line);
		});
}

function headingLevelOf(tag: string): HeadingLevel {
	const level = Number(tag.slice(1));
	return (level >= 1 && level <= 6 ? level : 1) as HeadingLevel;
}
