import { sortMarks, type Block, type Inline, type Mark } from '../import/model';
import { safeHref } from '../import/links';

// CommonMark: headings as ATX (#), strong as **, em as *, links inline, hard breaks as a backslash
// at the end of a line. Every ASCII punctuation character in text is backslash-escaped (CommonMark
// allows that for all of them), and spaces or tabs at either end of a line become character
// references, which a parser would otherwise strip, so parsing the output gives back the text.
// Emphasis inside a word next to punctuation (a**"b"**c) is not emphasis to CommonMark: the
// delimiters then show as text. Headings are one line: a hard break in one becomes a space.

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Backslash-escapes Markdown syntax in text. */
export function escapeMarkdown(text: string): string {
	return text.replace(PUNCTUATION, (c) => `\\${c}`);
}

/** Spaces and tabs at either end of a line as character references, which a parser keeps. */
function keepEdgeSpaces(line: string): string {
	return line.replace(/^[ \t]+|[ \t]+$/g, (run) => [...run].map((c) => (c === ' ' ? '&#32;' : '&#9;')).join(''));
}

function linkDestination(href: string): string {
	return `<${href.replace(/[<>\\]/g, (c) => `\\${c}`)}>`;
}

function marked(text: string, marks: readonly Mark[]): string {
	// Delimiters must touch non-space text to count as emphasis: keep outer spaces outside them.
	const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
	if (!core) return text;
	let out = escapeMarkdown(core);
	for (const mark of [...sortMarks(marks)].reverse()) {
		if (mark.type === 'strong') out = `**${out}**`;
		else if (mark.type === 'em') out = `*${out}*`;
		else {
			const href = safeHref(mark.attrs.href);
			if (!href) continue;
			const title = mark.attrs.title ? ` "${escapeMarkdown(mark.attrs.title)}"` : '';
			out = `[${out}](${linkDestination(href)}${title})`;
		}
	}
	return lead + out + trail;
}

/** Inline content; `breaks` is what a hard break becomes (a heading is one line). */
function inlineMarkdown(content: readonly Inline[] | undefined, breaks: string): string {
	const lines: string[] = [''];
	for (const node of content ?? []) {
		if (node.type === 'hard_break') lines.push('');
		else lines[lines.length - 1] += node.marks?.length ? marked(node.text, node.marks) : escapeMarkdown(node.text);
	}
	return lines.map(keepEdgeSpaces).join(breaks);
}

export function blockToMarkdown(block: Block): string {
	// An ATX heading cannot span lines: a hard break in a heading becomes a space.
	if (block.type === 'heading') return `${'#'.repeat(block.attrs.level)} ${inlineMarkdown(block.content, ' ')}`;
	return inlineMarkdown(block.content, '\\\n');
}

export function toMarkdown(blocks: readonly Block[]): string {
	return blocks.map(blockToMarkdown).join('\n\n') + '\n';
}
