import type { FormField, FoundForm } from './html-forms';
import { PASSWORD } from './factories';

// Hostile but plausible input for the walks over every form and every API route: a NUL in one
// field at a time, and numbers that are not strict ids. The app must answer each with a 4xx
// (or accept it, cleaned), never a 5xx.

export const NUL = '\u0000';

/** The value with a NUL in its middle (or just a NUL when it was empty). */
export function withNul(value: string): string {
	const at = Math.ceil(value.length / 2);
	return value.slice(0, at) + NUL + value.slice(at);
}

/** A lone surrogate: JSON can escape one (`"\ud800"`), but it is no character. */
export const LONE_SURROGATE = '\ud800';

/** The value with a lone surrogate in its middle. */
export function withLoneSurrogate(value: string): string {
	const at = Math.ceil(value.length / 2);
	return value.slice(0, at) + LONE_SURROGATE + value.slice(at);
}

/**
 * Stands for bytes that are not UTF-8 in a form value or a query: `encodeForm` and `notUtf8Query`
 * send, in its place, the three bytes UTF-8 would give a lone surrogate (which it forbids) and a
 * cut two-byte sequence. A noncharacter, so no rendered value holds it by chance.
 */
export const NOT_UTF8_TEXT = '\ufdd0';
const NOT_UTF8_ESCAPED = '%ED%A0%80%C3%28';

/** A URL whose query values hold NOT_UTF8_TEXT, with the bytes it stands for sent instead. */
export function notUtf8Query(url: string): string {
	return url.replaceAll(encodeURIComponent(NOT_UTF8_TEXT), NOT_UTF8_ESCAPED);
}

/** Not ids: beyond int4, hexadecimal, an exponent, a leading space. */
export const NOT_IDS = ['99999999999', '0x2', '1e1', ' 2'] as const;

/** The same for JSON numbers: out of range, fractional, negative, or a number written as a string. */
export const NOT_JSON_IDS: readonly unknown[] = [99999999999, 2147483648, -1, 0, 1.5, 1e308, '2', '0x2', '1e1', ' 2'];

/** A field that carries an id or a number: a form must parse it strictly. */
export function isNumeric(field: FormField): boolean {
	if (field.kind === 'file' || field.kind === 'checkbox' || field.kind === 'radio') return false;
	return /(^id$|Id$|_id$|^version$)/.test(field.name) || field.type === 'number' || (field.kind === 'hidden' && /^\d+$/.test(field.value));
}

let filled = 0;

/**
 * What a user would send in the field: its rendered value, or for an empty field they type in,
 * something plausible, so that the one hostile field is not refused for another one's emptiness.
 */
export function userValue(field: FormField): string {
	if (field.value !== '' || field.kind === 'hidden' || field.kind === 'button' || field.kind === 'file') return field.value;
	if (field.kind === 'select') return field.options.find((o) => o !== '') ?? '';
	const name = field.name.toLowerCase();
	if (field.type === 'email' || name.includes('email')) return `fuzz${process.pid}-${++filled}@fuzz.test`;
	if (field.type === 'password' || name.includes('password')) return PASSWORD;
	if (field.type === 'url' || name === 'url') return 'http://127.0.0.1:9/fuzz';
	if (field.type === 'number') return '50';
	// A due date a month ahead: any later day is one an owner may choose.
	if (field.type === 'date') return new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
	if (name === 'sourcelang') return 'zh-Hans';
	if (name === 'targetlang') return 'en';
	if (name === 'source') return '第一段。\n\n第二段。';
	if (name === 'translation') return 'First.\n\nSecond.';
	// Something the walk's documents say ("One.", "Two."), so that a find's preview shows its replace form.
	if (name === 'find') return 'One';
	return `Fuzz ${field.name}`;
}

export type Entry = [name: string, value: string | File];

export interface FormVariant {
	/** What was changed, for the report: `note=NUL`, `userId="0x2"`, `as rendered`. */
	label: string;
	entries: Entry[];
	/** What the answer must be besides not a 5xx: a refusal, for a non-id in an id or a text too long. */
	mustRefuse?: string;
}

const emptyFile = () => new File([], '', { type: 'application/octet-stream' });

/** The form as a user fills and sends it: checked boxes only, empty file inputs, the first submit button. */
export function baseline(form: FoundForm): Entry[] {
	const entries: Entry[] = [];
	for (const f of form.fields) {
		if ((f.kind === 'checkbox' || f.kind === 'radio') && !f.checked) continue;
		entries.push([f.name, f.kind === 'file' ? emptyFile() : userValue(f)]);
	}
	return entries;
}

function replaced(entries: Entry[], name: string, value: string | File): Entry[] {
	const at = entries.findIndex(([n]) => n === name);
	const rest = entries.filter(([n]) => n !== name);
	rest.splice(at < 0 ? rest.length : at, 0, [name, value]);
	return rest;
}

/** One post per field with a NUL in it, one per non-id in each numeric field; a form without fields is posted as rendered. */
export function formVariants(form: FoundForm): FormVariant[] {
	const base = baseline(form);
	const variants: FormVariant[] = [];
	const seen = new Set<string>();
	for (const f of form.fields) {
		if (seen.has(f.name)) continue;
		seen.add(f.name);
		if (f.kind === 'file') {
			variants.push({ label: `${f.name}=<file with a NUL>`, entries: replaced(base, f.name, new File([`One${NUL}two`], 'fuzz.txt', { type: 'text/plain' })) });
			continue;
		}
		const value = withNul(userValue(f));
		variants.push({ label: `${f.name}=${JSON.stringify(value)}`, entries: replaced(base, f.name, value) });
		variants.push({
			label: `${f.name}=<not UTF-8>`,
			entries: replaced(base, f.name, `${userValue(f)}${NOT_UTF8_TEXT}`),
			mustRefuse: 'text that is not UTF-8 (refuse it, never store U+FFFD in its place)'
		});
		const isId = /(^id|Id)$/.test(f.name);
		if (isNumeric(f)) {
			for (const n of NOT_IDS) {
				const refusal = isId ? 'a value that is not an id' : undefined;
				variants.push({ label: `${f.name}=${JSON.stringify(n)}`, entries: replaced(base, f.name, n), mustRefuse: refusal });
			}
		}
		if (f.maxLength && (f.kind === 'input' || f.kind === 'textarea')) {
			// No space at the end, where trimming would make it fit.
			const long = (userValue(f) || 'x').padEnd(f.maxLength + 1, 'x').slice(0, f.maxLength + 1);
			const refusal = `${f.maxLength + 1} characters where the field allows ${f.maxLength} (refuse, never cut)`;
			variants.push({ label: `${f.name}=<${f.maxLength + 1} characters>`, entries: replaced(base, f.name, long), mustRefuse: refusal });
		}
	}
	if (variants.length === 0) variants.push({ label: 'as rendered', entries: base });
	return variants;
}

/** The request body a browser sends for these entries (with bytes that are not UTF-8 for NOT_UTF8_TEXT). */
export async function encodeForm(entries: Entry[], multipart: boolean): Promise<{ body: BodyInit; contentType?: string }> {
	if (multipart) {
		const data = new FormData();
		for (const [name, value] of entries) data.append(name, value);
		if (!entries.some(([, v]) => typeof v === 'string' && v.includes(NOT_UTF8_TEXT))) return { body: data };
		// Serialised as a browser would, then the stand-in's bytes replaced.
		const serialised = new Response(data);
		const bytes = Buffer.from(await serialised.arrayBuffer());
		const mark = Buffer.from(NOT_UTF8_TEXT);
		const parts: Buffer[] = [];
		let from = 0;
		for (let at = bytes.indexOf(mark); at >= 0; at = bytes.indexOf(mark, from)) {
			parts.push(bytes.subarray(from, at), Buffer.from([0xed, 0xa0, 0x80, 0xc3, 0x28]));
			from = at + mark.length;
		}
		parts.push(bytes.subarray(from));
		return { body: Buffer.concat(parts), contentType: serialised.headers.get('content-type') ?? undefined };
	}
	const params = new URLSearchParams();
	for (const [name, value] of entries) params.append(name, typeof value === 'string' ? value : value.name);
	return { body: notUtf8Query(params.toString()), contentType: 'application/x-www-form-urlencoded' };
}

export type JsonPath = (string | number)[];

/** Every string and number inside a JSON value, with where it is. */
export function jsonLeaves(value: unknown, path: JsonPath = []): { path: JsonPath; value: string | number }[] {
	if (typeof value === 'string' || typeof value === 'number') return [{ path, value }];
	if (Array.isArray(value)) return value.flatMap((v, i) => jsonLeaves(v, [...path, i]));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => jsonLeaves(v, [...path, k]));
	return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
export function jsonWith(value: unknown, path: JsonPath, leaf: unknown): unknown {
	if (path.length === 0) return leaf;
	const [head, ...rest] = path;
	const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
	copy[head] = jsonWith(copy[head], rest, leaf);
	return copy;
}

export interface JsonVariant {
	label: string;
	/** Where the change is, and what it is: a NUL or a lone surrogate in a string, or another number in place of a number. */
	path: JsonPath;
	kind: 'nul' | 'surrogate' | 'number';
	body: unknown;
}

/** A NUL and a lone surrogate in each string of the body in turn, and each number replaced by each non-id. */
export function jsonVariants(body: unknown): JsonVariant[] {
	const variants: JsonVariant[] = [];
	for (const leaf of jsonLeaves(body)) {
		const where = leaf.path.join('.');
		if (typeof leaf.value === 'string') {
			const value = withNul(leaf.value);
			variants.push({ label: `${where}=${JSON.stringify(value)}`, path: leaf.path, kind: 'nul', body: jsonWith(body, leaf.path, value) });
			const lone = withLoneSurrogate(leaf.value);
			variants.push({ label: `${where}=${JSON.stringify(lone)}`, path: leaf.path, kind: 'surrogate', body: jsonWith(body, leaf.path, lone) });
		} else {
			for (const n of NOT_JSON_IDS)
				variants.push({ label: `${where}=${JSON.stringify(n)}`, path: leaf.path, kind: 'number', body: jsonWith(body, leaf.path, n) });
		}
	}
	return variants;
}

/** Bytes that are not UTF-8: a cut two-byte sequence, then bytes UTF-8 never uses. */
const NOT_UTF8 = [0xc3, 0x28, 0xff, 0xfe];

/** The body as JSON with bytes that are not UTF-8 inside its first string: JSON in shape, not in encoding. */
export function notUtf8Json(body: unknown): Uint8Array<ArrayBuffer> {
	const first = jsonLeaves(body).find((l) => typeof l.value === 'string');
	const mark = '\uE000MARK\uE000';
	const text = first ? JSON.stringify(jsonWith(body, first.path, mark)) : JSON.stringify({ text: mark });
	const [before, after] = text.split(mark);
	const encode = (s: string) => [...new TextEncoder().encode(s)];
	return Uint8Array.from([...encode(before), ...NOT_UTF8, ...encode(after)]);
}

/** The first 200 characters of a response body, on one line, for a failure report. */
export const excerpt = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 200);
