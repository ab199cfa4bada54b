import { sortMarks, type Block, type Inline, type Mark } from '../import/model';
import { safeHref } from '../import/links';

// Markdown that CommonMark (markdown-it, with its tables and strikethrough) and Python-Markdown
// read alike. Headings as ATX (#), strong as **, em as *, links inline as [text](url "title"), hard
// breaks as two trailing spaces. Only what a parser would misread is escaped, and only with the
// backslash escapes both know (\ ` * _ [ ] ( ) > # + - . !): a backslash before any other character
// shows as text in Python-Markdown. Where no such escape exists, a character reference stands in
// (&lt; &amp; &#61; &#124; &#126; &#9;), and so do spaces at either end of a line, which a parser
// would strip. Emphasis inside a word next to punctuation (a**"b"**c) is not emphasis to CommonMark:
// the delimiters then show as text. Headings are one line: a hard break in one becomes a space.

// What a parser would read as a character reference after &: Python-Markdown also takes &#1 without
// the semicolon. The longest entity name is 31 characters.
const ENTITY_AFTER_AMPERSAND = /^(?:#[0-9]|#[xX][0-9a-fA-F]|[A-Za-z0-9]{1,32};)/;

const isAlphanumeric = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Escapes what could start inline syntax anywhere in a line: code, emphasis, links, HTML, entities. */
function escapeInline(text: string, inLinkText: boolean): string {
	const chars = [...text];
	return chars
		.map((c, i) => {
			const before = chars[i - 1];
			const after = chars[i + 1];
			switch (c) {
				case '\\':
				case '`':
				case '[':
					return `\\${c}`;
				case ']':
					// Outside a link's text a lone ] opens nothing; inside it, it would close the text,
					// and Python-Markdown reads [a\]: at the start of a line as a link definition.
					return inLinkText ? (after === ':' ? '&#93;' : '\\]') : c;
				case '*':
					return '\\*';
				case '_':
					// snake_case: _ inside a word is never emphasis.
					return isAlphanumeric(before) && isAlphanumeric(after) ? c : '\\_';
				case '<':
					// Before a letter, / ! or ? it opens a tag or an autolink; Python-Markdown's email
					// autolink (<x@y>) may start with anything and run across escapes and marks.
					return after === ' ' ? c : '&lt;';
				case '&':
					return ENTITY_AFTER_AMPERSAND.test(chars.slice(i + 1, i + 34).join('')) ? '&amp;' : c;
				case '~':
					// Two ~ are strikethrough to markdown-it and three a code fence to CommonMark.
					return before === '~' ? '&#126;' : c;
				case '\t':
					// Python-Markdown expands tabs to spaces.
					return '&#9;';
				default:
					return c;
			}
		})
		.join('');
}

const ROW_START: Record<string, string> = { '-': '\\-', '|': '&#124;', ':': '&#58;' };

/** Escapes what would start a block at the beginning of a line: headings, quotes, lists, rules, tables. */
function escapeLineStart(line: string): string {
	if (/^[#>]|^[+-](?: |$)/.test(line)) return `\\${line}`;
	// Only -, | and : is a thematic break, a setext underline or a table's delimiter row (markdown-it).
	if (/^[-|:][-|: ]*$/.test(line) && line.includes('-')) return `${ROW_START[line[0]]}${line.slice(1)}`;
	// Only = is a setext underline.
	if (/^=+ *$/.test(line)) return `&#61;${line.slice(1)}`;
	const ordered = /^(\d+)([.)])(?= |$)/.exec(line);
	if (ordered) return `${ordered[1]}\\${line.slice(ordered[1].length)}`;
	return line;
}

/** Spaces at either end of a line as character references, which a parser keeps. */
function keepEdgeSpaces(line: string): string {
	return line.replace(/^ +| +$/g, (run) => '&#32;'.repeat(run.length));
}

/** A link destination without spaces, brackets, quotes or backslashes, which the parsers read differently. */
function linkDestination(href: string): string {
	return href
		.replace(/[ ()<>"'\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
		.replace(/&/g, (c, i: number, all: string) => (ENTITY_AFTER_AMPERSAND.test(all.slice(i + 1, i + 34)) ? '&amp;' : c));
}

/** The title in quotes: ' around a title with " in it, else " with any " in it as a reference. */
function linkTitle(title: string): string {
	const escaped = title
		.replace(/[\\`]/g, (c) => `\\${c}`)
		.replace(/&/g, (c, i: number, all: string) => (ENTITY_AFTER_AMPERSAND.test(all.slice(i + 1, i + 34)) ? '&amp;' : c));
	// A backslash before a quote is text to Python-Markdown: it finds the title by its last quote.
	if (escaped.includes('"') && !escaped.includes("'")) return ` '${escaped}'`;
	return ` "${escaped.replace(/"/g, '&quot;')}"`;
}

function marked(text: string, marks: readonly Mark[]): string {
	// Delimiters must touch non-space text to count as emphasis: keep outer spaces outside them.
	const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
	if (!core) return escapeInline(text, false);
	const link = marks.find((m) => m.type === 'link');
	const href = link ? safeHref(link.attrs.href) : null;
	let out = escapeInline(core, href !== null);
	for (const mark of [...sortMarks(marks)].reverse()) {
		if (mark.type === 'strong') out = `**${out}**`;
		else if (mark.type === 'em') out = `*${out}*`;
		else if (href) out = `[${out}](${linkDestination(href)}${mark.attrs.title ? linkTitle(mark.attrs.title) : ''})`;
	}
	return escapeInline(lead, false) + out + escapeInline(trail, false);
}

/** The lines of inline content, each escaped; a hard break starts a new line. */
function inlineLines(content: readonly Inline[] | undefined): string[] {
	const lines: string[] = [''];
	for (const node of content ?? []) {
		if (node.type === 'hard_break') {
			lines.push('');
			continue;
		}
		const piece = node.marks?.length ? marked(node.text, node.marks) : escapeInline(node.text, false);
		const line = lines[lines.length - 1];
		// ! right before a link would make it an image.
		lines[lines.length - 1] = (piece.startsWith('[') && line.endsWith('!') ? `${line.slice(0, -1)}\\!` : line) + piece;
	}
	return lines;
}

export function blockToMarkdown(block: Block): string {
	const lines = inlineLines(block.content);
	if (block.type === 'heading') {
		// An ATX heading cannot span lines: a hard break in a heading becomes a space. A # at its
		// end would be read as a closing sequence by Python-Markdown and dropped.
		const text = keepEdgeSpaces(escapeLineStart(lines.join(' ').replace(/#$/, '\\#')));
		return `${'#'.repeat(block.attrs.level)} ${text}`;
	}
	// An empty line would end the paragraph: a space keeps it, and shows the same.
	return lines.map((line) => (line ? keepEdgeSpaces(escapeLineStart(line)) : '&#32;')).join('  \n');
}

/** The document: its title as a level-1 heading, then its blocks. */
export function toMarkdown(blocks: readonly Block[], title?: string): string {
	const heading = title?.replace(/\s+/g, ' ').trim();
	const all: Block[] = heading ? [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: heading }] }, ...blocks] : [...blocks];
	return all.map(blockToMarkdown).join('\n\n') + '\n';
}
