import { z } from 'zod';
import { MAX_NOTE_LENGTH, MAX_TERM_LENGTH } from '../../glossary/csv';
import { normalizeTerm } from '../../glossary/match';
import { TERM_STATUSES } from '../../glossary/types';
import { idSchema, storableText } from '../../validation';

// One validation of a glossary entry for every door: the page's forms (strings, a checkbox that
// is "on" or absent), the JSON API (booleans, nulls) and each row of an imported file.

/** The most entries one project's glossary holds: enough for a newsroom, few enough to check every keystroke against. */
export const MAX_GLOSSARY_ENTRIES = 10_000;

// Lengths are checked as sent: a text too long is refused, never cut (nor shortened by collapsing its spaces).
const term = (what: string) =>
	z
		.string({ error: `Enter the ${what} term.` })
		.max(MAX_TERM_LENGTH, `Use at most ${MAX_TERM_LENGTH} characters for the ${what} term.`)
		.overwrite((s) => normalizeTerm(storableText(s)));

const optionalText = (max: number, what: string) =>
	z
		.string({ error: `The ${what} must be text.` })
		.max(max, `Use at most ${max} characters for the ${what}.`)
		.nullish()
		.transform((s) => storableText(s ?? '').trim() || null);

// A checkbox sends "on" or nothing; the API sends a boolean.
const FLAG_WORDS: Record<string, boolean> = { on: true, true: true, yes: true, '1': true, '': false, off: false, false: false, no: false, '0': false };
const flag = z.preprocess(
	(v) => (v === undefined || v === null ? false : typeof v === 'string' ? (FLAG_WORDS[v.trim().toLowerCase()] ?? v) : v),
	z.boolean({ error: 'caseSensitive is true or false.' })
);

export const statusSchema = z.enum(TERM_STATUSES, { error: `Choose a status: ${TERM_STATUSES.join(', ')}.` });

const fields = {
	source: term('source').min(1, 'Enter the source term.'),
	// Empty only for do-not-translate, where it becomes the source term.
	target: term('target').optional(),
	status: statusSchema.default('preferred'),
	caseSensitive: flag.default(false),
	partOfSpeech: optionalText(MAX_TERM_LENGTH, 'part of speech'),
	note: optionalText(MAX_NOTE_LENGTH, 'note')
};

type Fields = { source: string; target?: string; status: (typeof TERM_STATUSES)[number] };

function settleTarget<T extends Fields>(entry: T, ctx: z.RefinementCtx): Omit<T, 'target'> & { target: string } {
	const target = entry.target ?? '';
	if (entry.status === 'do_not_translate') {
		if (target !== '' && target !== entry.source) {
			ctx.addIssue({ code: 'custom', path: ['target'], message: 'A do-not-translate term stays as it is: leave the target empty or the same as the source.' });
		}
		return { ...entry, target: entry.source };
	}
	if (target === '') ctx.addIssue({ code: 'custom', path: ['target'], message: 'Enter the target term.' });
	return { ...entry, target };
}

export const entryInputSchema = z.object(fields).transform(settleTarget);
export type EntryInput = z.output<typeof entryInputSchema>;

/** A change names the entry and gives every field again, as the edit form shows them all. */
const entryIdSchema = idSchema('Choose a glossary entry.');

export const entryChangeSchema = z.object({ entryId: entryIdSchema, ...fields }).transform(settleTarget);

export const entryRefSchema = z.object({ entryId: entryIdSchema });

export const searchSchema = z.object({
	q: z
		.string()
		.nullish()
		.transform((s) => normalizeTerm(storableText(s ?? '')).slice(0, MAX_TERM_LENGTH)),
	status: statusSchema.nullish().catch(null)
});
