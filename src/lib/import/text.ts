import { InlineBuilder, normalizeInput, type ParseOptions } from './inline';
import type { Block } from './model';

/**
 * Plain text: paragraphs are separated by one or more blank (or whitespace-only) lines; a single
 * line break inside a paragraph becomes a hard break. Lines are trimmed, which also drops the
 * full-width indent Chinese texts often start paragraphs with.
 */
export function parseText(input: string, options: ParseOptions = {}): Block[] {
	const max = options.maxBlocks ?? Infinity;
	const blocks: Block[] = [];
	const builder = new InlineBuilder();
	for (const paragraph of normalizeInput(input).split(/\n\s*\n/)) {
		if (blocks.length >= max) break;
		const lines = paragraph.split('\n').map((line) => line.trim());
		lines.forEach((line, i) => {
			if (i > 0) builder.hardBreak();
			builder.text(line);
		});
		const block = builder.finish();
		if (block) blocks.push(block);
	}
	return blocks;
}
