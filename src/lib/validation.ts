import { z } from 'zod';

// Shared by form actions, the JSON API and the CLI so every door accepts the same input.

// Postgres refuses NUL in text and lone surrogates in jsonb (a 500 were they to reach it); the
// other control characters are invisible. The importers clean their input the same way.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Text Postgres can store: controls other than tab and line breaks removed, lone surrogates made U+FFFD. */
export function storableText(text: string): string {
	return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}

export const emailSchema = z
	.string({ error: 'Enter an email address.' })
	.trim()
	.max(254, 'That email address is too long.')
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }));

export const passwordSchema = z
	.string({ error: 'Enter a password.' })
	.min(8, 'Use at least 8 characters for the password.')
	.max(256, 'Use at most 256 characters for the password.');

export const displayNameSchema = z
	.string({ error: 'Enter a name.' })
	.overwrite(storableText)
	.trim()
	.min(1, 'Enter a name.')
	.max(100, 'Use at most 100 characters for the name.');

/** Validates a BCP 47 tag with the platform's own parser and returns its canonical form. */
export const languageTagSchema = z
	.string({ error: 'Enter a language tag such as zh-Hans or en.' })
	.trim()
	.min(1, 'Enter a language tag such as zh-Hans or en.')
	.max(35, 'That language tag is too long.')
	.transform((tag, ctx) => {
		try {
			const [canonical] = Intl.getCanonicalLocales(tag);
			if (canonical) return canonical;
		} catch {
			// fall through to the issue below
		}
		ctx.addIssue({ code: 'custom', message: `“${tag}” is not a valid BCP 47 language tag (try zh-Hans, en or pt-BR).` });
		return z.NEVER;
	});

export const projectRoleSchema = z.enum(['owner', 'translator', 'reviewer'], {
	error: 'Choose a role: owner, translator or reviewer.'
});

export const userRoleSchema = z.enum(['admin', 'user'], { error: 'Choose a role: admin or user.' });

export const projectInputSchema = z
	.object({
		name: z
			.string({ error: 'Enter a project name.' })
			.overwrite(storableText)
			.trim()
			.min(1, 'Enter a project name.')
			.max(120, 'Use at most 120 characters for the project name.'),
		sourceLang: languageTagSchema,
		targetLang: languageTagSchema
	})
	.refine((p) => p.sourceLang !== p.targetLang, {
		message: 'The target language must differ from the source language.',
		path: ['targetLang']
	});

export const registrationSchema = z.object({
	name: displayNameSchema,
	email: emailSchema,
	password: passwordSchema
});

export const memberInputSchema = z.object({ email: emailSchema, role: projectRoleSchema });

export const tokenLabelSchema = z
	.string()
	.overwrite(storableText)
	.trim()
	.max(80, 'Use at most 80 characters for the label.')
	.transform((l) => l || 'API token');

export interface FieldIssue {
	field: string;
	message: string;
}

/** The first problem of a failed parse, named by its field, for messages and API errors. */
export function firstIssue(error: z.ZodError): FieldIssue {
	const issue = error.issues[0];
	return { field: issue?.path.join('.') || 'body', message: issue?.message ?? 'Invalid input.' };
}

/** Every field's first message, for forms that show errors beside each input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || 'form';
		out[key] ??= issue.message;
	}
	return out;
}

/** Postgres' integer: larger ids cannot exist, and asking for one would be a 500. */
export const MAX_ID = 2_147_483_647;

/**
 * A row id as a form sends it (decimal digits) or JSON does (an integer), parsed strictly:
 * `0x2`, `1e1`, ` 2`, `2.0` or anything past MAX_ID are not ids.
 */
export function idSchema(message: string) {
	return z.unknown().transform((value, ctx) => {
		const id = typeof value === 'number' ? value : typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : NaN;
		if (Number.isInteger(id) && id > 0 && id <= MAX_ID) return id;
		ctx.addIssue({ code: 'custom', message });
		return z.NEVER;
	});
}

/**
 * Free text a person typed (a note, a comment, a label): made storable, trimmed, and at most `max`
 * characters; a longer text is refused with `tooLong`, never cut.
 */
export function textSchema(max: number, tooLong: string) {
	return z.string({ error: 'Send this as text.' }).overwrite(storableText).trim().max(max, tooLong);
}

/** An on/off setting as a form's checkbox sends it ('on', or absent for off) or JSON does (a boolean). */
export function switchSchema(message: string) {
	return z
		.union([z.boolean(), z.enum(['on', 'off', 'true', 'false'])], { error: message })
		.optional()
		.transform((v) => v === true || v === 'on' || v === 'true');
}
