import { z } from 'zod';
import { importDocument, IMPORT_FORMATS, type ImportFormat } from '../../import/document';
import { isBlock, type Block } from '../../import/model';
import { ApiError } from '../http/api';
import { storableText } from '../../validation';

export { storableText };
import type { NewDocument } from './documents';


/**
 * The string values inside parsed JSON made storable; keys are left for the shape checks to judge.
 * A block nests five levels deep (content, node, marks, mark, attrs): anything deeper is left as it
 * is for those checks to refuse, and a hostile nesting cannot exhaust the stack here.
 */
function storableJson(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return storableText(value);
	if (depth > 8 || typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value)) return value.map((v) => storableJson(v, depth + 1));
	return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, storableJson(v, depth + 1)]));
}

export const documentTitleSchema = z
	.string({ error: 'Enter a title.' })
	.overwrite(storableText)
	.trim()
	.min(1, 'Enter a title.')
	.max(300, 'Use at most 300 characters for the title.');

export const documentApiSchema = z.object({
	title: documentTitleSchema,
	source: z.string({ error: 'source must be the document text.' }),
	translation: z.string({ error: 'translation must be text or null.' }).nullish(),
	format: z.enum(IMPORT_FORMATS as [ImportFormat, ...ImportFormat[]], { error: 'format must be text, markdown or html.' }).default('text')
});

/** Parses an API import into a new document; misaligned texts are a 400 that reports both counts. */
export function parseApiDocument(input: z.output<typeof documentApiSchema>): NewDocument {
	const result = importDocument({ source: input.source, translation: input.translation ?? null, format: input.format });
	if (!result.ok) throw new ApiError(result.status, result.status === 413 ? 'payload_too_large' : 'invalid', result.message, result.field);
	if (!result.aligned) {
		throw new ApiError(
			400,
			'misaligned',
			`The source has ${result.counts.source} segments and the translation ${result.counts.translation}; they must match one to one. Merge or split paragraphs (the import page can do it) and try again.`,
			'translation'
		);
	}
	return { title: input.title, format: input.format, source: result.source, translation: result.translation };
}

/** Blocks that come back from a browser (after merging and splitting rows) are checked one by one. */
export const blocksSchema = z
	.array(z.unknown().transform((block) => storableJson(block)))
	.min(1, 'The document has no segments.')
	.refine((blocks) => blocks.every(isBlock), 'A segment is malformed.')
	.transform((blocks) => blocks as Block[]);

/** The editor's content for one segment. */
export const blockSchema = z
	.unknown()
	.transform((block) => storableJson(block))
	.refine(isBlock, 'content must be a paragraph or heading with some text.')
	.transform((b) => b as Block);
