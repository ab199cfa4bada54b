import { z } from 'zod';
import { importDocument, IMPORT_FORMATS, MAX_SEGMENTS, type ImportFormat } from './document';
import { blockProblem, normaliseLinks, type Block } from './model';
import { blockOverLimit } from './block-limits';
import { storableText } from '../validation';

// What a new document is, whichever door it comes through (the import page's two steps, the JSON
// API, the CLI): one title rule, one set of segment limits, one cleaning. Pure: no I/O.

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

export const MAX_TITLE_CHARS = 300;

/** A document's title: cleaned, trimmed, and refused (never cut) past 300 characters. */
export const documentTitleSchema = z
	.string({ error: 'Enter a title.' })
	.overwrite(storableText)
	.trim()
	.min(1, 'Enter a title.')
	.max(MAX_TITLE_CHARS, `Use at most ${MAX_TITLE_CHARS} characters for the title.`);

export const importFormatSchema = z.enum(IMPORT_FORMATS as [ImportFormat, ...ImportFormat[]], { error: 'format must be text, markdown or html.' });

const count = (n: number) => n.toLocaleString('en');

/** One side's segments as they come back from a browser (after merging and splitting rows), checked one by one. */
function blocksOf(side: 'source' | 'translation') {
	const label = side === 'source' ? 'The source' : 'The translation';
	return z
		.array(
			z.unknown().transform((block) => normaliseLinks(storableJson(block))),
			{ error: `${label} must be a list of segments.` }
		)
		.min(1, `${label} has no segments.`)
		.max(MAX_SEGMENTS, `A document can have at most ${count(MAX_SEGMENTS)} segments.`)
		.superRefine((blocks, ctx) => {
			for (const [i, block] of blocks.entries()) {
				const problem = blockOverLimit(block) ?? blockProblem(block);
				if (problem) return ctx.addIssue({ code: 'custom', message: `Segment ${i + 1} of the ${side}: ${problem}` });
			}
		})
		.transform((blocks) => blocks as Block[]);
}

/** The fields of a new document; `alignedRows` checks them together. */
export const newDocumentShape = {
	title: documentTitleSchema,
	format: importFormatSchema.default('text'),
	source: blocksOf('source'),
	/** Aligned one-to-one with `source`, or null when the translator starts from empty. */
	translation: blocksOf('translation').nullable().default(null)
};

export function alignedRows(doc: { source: Block[]; translation: Block[] | null }, ctx: z.RefinementCtx): void {
	if (doc.translation && doc.translation.length !== doc.source.length) {
		ctx.addIssue({
			code: 'custom',
			path: ['translation'],
			message: `The source has ${doc.source.length} rows and the translation ${doc.translation.length}. Merge or split rows until they match.`
		});
	}
}

export const newDocumentSchema = z.object(newDocumentShape).superRefine(alignedRows);
export type NewDocument = z.output<typeof newDocumentSchema>;

/** The editor's content for one segment, within every limit of the model (see block-limits). */
export const blockSchema = z
	.unknown()
	.transform((block) => normaliseLinks(storableJson(block)))
	.superRefine((block, ctx) => {
		const problem = blockOverLimit(block) ?? blockProblem(block);
		if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
	})
	.transform((b) => b as Block);

/** A refusal before the document's own validation, shaped for either door (API error or form failure). */
export interface ImportRefusal {
	ok: false;
	status: 400 | 413;
	code: 'invalid' | 'payload_too_large' | 'misaligned';
	field: string;
	message: string;
}

/** What the API and the page hand the document verb once their own encoding is read. */
export interface ImportInput {
	title: unknown;
	format: unknown;
	source: unknown;
	translation: unknown;
	idempotencyKey: unknown;
}

/**
 * The API's body: `source` and `translation` are texts in `format`, split here into segments the
 * way the import page splits them; the title and the key are left for the verb to judge.
 * Texts whose segment counts differ are refused (the API has no alignment step) with both counts.
 */
export function readApiImport(body: Record<string, unknown>): { ok: true; input: ImportInput } | ImportRefusal {
	const refuse = (field: string, message: string): ImportRefusal => ({ ok: false, status: 400, code: 'invalid', field, message });
	const format = importFormatSchema.default('text').safeParse(body.format);
	if (!format.success) return refuse('format', 'format must be text, markdown or html.');
	if (typeof body.source !== 'string') return refuse('source', 'source must be the document text.');
	const translation = body.translation;
	if (translation !== undefined && translation !== null && typeof translation !== 'string') {
		return refuse('translation', 'translation must be text or null.');
	}
	const result = importDocument({ source: body.source, translation: translation ?? null, format: format.data });
	if (!result.ok) {
		const code = result.status === 413 ? 'payload_too_large' : 'invalid';
		return { ok: false, status: result.status, code, field: result.field ?? 'source', message: result.message };
	}
	if (!result.aligned) {
		const { source, translation: mt } = result.counts;
		const message = `The source has ${source} segments and the translation ${mt}; they must match one to one. Merge or split paragraphs (the import page can do it) and try again.`;
		return { ok: false, status: 400, code: 'misaligned', field: 'translation', message };
	}
	return {
		ok: true,
		input: { title: body.title, format: format.data, source: result.source, translation: result.translation, idempotencyKey: body.idempotencyKey }
	};
}

/** The import page's second step: the rows as the user lined them up, sent back as JSON fields. */
export function readConfirmedImport(values: Record<string, string | undefined>): { ok: true; input: ImportInput } | ImportRefusal {
	let source: unknown;
	let translation: unknown;
	try {
		source = JSON.parse(values.sourceBlocks ?? '');
		translation = JSON.parse(values.translationBlocks || 'null');
	} catch {
		return { ok: false, status: 400, code: 'invalid', field: 'source', message: 'The aligned rows could not be read. Start the import again.' };
	}
	return { ok: true, input: { title: values.title, format: values.format, source, translation, idempotencyKey: values.idempotencyKey } };
}
