import { TERM_STATUSES, type GlossaryEntry, type TermStatus } from './types';
import { normalizeTerm } from './match';

// Glossary CSV as spreadsheets write it (RFC 4180: quoted fields, "" escapes, CRLF or LF, a
// BOM from Excel, newlines inside quotes). No CSV library is installed and the format is small
// enough to read by hand. A row that cannot become an entry is reported, never fatal.

export const MAX_TERM_LENGTH = 200;
export const MAX_NOTE_LENGTH = 1000;

export interface SkippedRow {
	/** 1-based line of the file where the row starts. */
	line: number;
	reason: string;
}

export interface GlossaryImport {
	entries: GlossaryEntry[];
	/** The line each entry comes from, by index, so a later check can report it where it is. */
	lines: number[];
	skipped: SkippedRow[];
	/** Set when the file as a whole cannot be read; then nothing is imported. */
	error?: string;
}

type Column = 'source' | 'target' | 'status' | 'caseSensitive' | 'partOfSpeech' | 'note';

const HEADER_ALIASES: Record<string, Column> = {
	source: 'source',
	term: 'source',
	source_term: 'source',
	target: 'target',
	translation: 'target',
	target_term: 'target',
	status: 'status',
	case_sensitive: 'caseSensitive',
	casesensitive: 'caseSensitive',
	part_of_speech: 'partOfSpeech',
	partofspeech: 'partOfSpeech',
	pos: 'partOfSpeech',
	note: 'note',
	notes: 'note',
	description: 'note',
	comment: 'note'
};

const STATUS_ALIASES: Record<string, TermStatus> = {
	preferred: 'preferred',
	approved: 'preferred',
	admitted: 'admitted',
	deprecated: 'deprecated',
	superseded: 'deprecated',
	forbidden: 'forbidden',
	do_not_translate: 'do_not_translate',
	dnt: 'do_not_translate',
	untranslatable: 'do_not_translate'
};

interface Row {
	line: number;
	fields: string[];
}

/** Splits CSV text into rows; a quote left open swallows the rest, as spreadsheets do. */
export function parseCsvRows(text: string): Row[] {
	const rows: Row[] = [];
	let fields: string[] = [];
	let field = '';
	let line = 1;
	let rowLine = 1;
	let quoted = false;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const endRow = () => {
		fields.push(field);
		if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
		fields = [];
		field = '';
	};
	for (; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else {
				if (c === '\n') line++;
				field += c;
			}
		} else if (c === '"' && field === '') {
			quoted = true;
		} else if (c === ',') {
			fields.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRow();
			line++;
			rowLine = line;
		} else {
			field += c;
		}
	}
	if (field !== '' || fields.length > 0) endRow();
	return rows;
}

function headerKey(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

function parseBoolean(value: string): boolean | null {
	const v = value.trim().toLowerCase();
	if (['', '0', 'false', 'no', 'n'].includes(v)) return false;
	if (['1', 'true', 'yes', 'y'].includes(v)) return true;
	return null;
}

export function parseGlossaryCsv(text: string): GlossaryImport {
	const entries: GlossaryEntry[] = [];
	const lines: number[] = [];
	const skipped: SkippedRow[] = [];
	const refuse = (line: number, error: string): GlossaryImport => ({ entries, lines, skipped: [{ line, reason: error }], error });
	if (typeof text !== 'string') return refuse(1, 'The file is not text.');
	const rows = parseCsvRows(text);
	if (rows.length === 0) return refuse(1, 'The file is empty.');
	const [header, ...body] = rows;
	const columns = header.fields.map((name) => HEADER_ALIASES[headerKey(name)]);
	if (!columns.includes('source') || !columns.includes('target')) {
		return refuse(header.line, 'The first row must name the columns, with at least “source” and “target”.');
	}
	const seen = new Set<string>();
	for (const row of body) {
		const values: Partial<Record<Column, string>> = {};
		columns.forEach((column, index) => {
			if (column && values[column] === undefined) values[column] = unguard(row.fields[index] ?? '');
		});
		const result = toEntry(values);
		if (typeof result === 'string') {
			skipped.push({ line: row.line, reason: result });
			continue;
		}
		const key = `${result.source}\u0000${result.target}`;
		if (seen.has(key)) {
			skipped.push({ line: row.line, reason: `Duplicate entry: “${result.source}” → “${result.target}” appears earlier in the file.` });
			continue;
		}
		seen.add(key);
		entries.push(result);
		lines.push(row.line);
	}
	return { entries, lines, skipped };
}

function toEntry(values: Partial<Record<Column, string>>): GlossaryEntry | string {
	const source = normalizeTerm(values.source ?? '');
	let target = normalizeTerm(values.target ?? '');
	const statusText = (values.status ?? '').trim();
	const status: TermStatus | undefined = statusText === '' ? 'preferred' : STATUS_ALIASES[headerKey(statusText)];
	if (!source) return 'Missing source term.';
	if (!status) return `Unknown status “${statusText}”: use one of ${TERM_STATUSES.join(', ')}.`;
	if (status === 'do_not_translate' && !target) target = source;
	if (!target) return 'Missing target term.';
	if (source.length > MAX_TERM_LENGTH) return `Source term too long (${source.length} characters; at most ${MAX_TERM_LENGTH}).`;
	if (target.length > MAX_TERM_LENGTH) return `Target term too long (${target.length} characters; at most ${MAX_TERM_LENGTH}).`;
	const caseSensitive = parseBoolean(values.caseSensitive ?? '');
	if (caseSensitive === null) return `case_sensitive must be yes or no, not “${values.caseSensitive}”.`;
	const note = (values.note ?? '').trim();
	if (note.length > MAX_NOTE_LENGTH) return `Note too long (${note.length} characters; at most ${MAX_NOTE_LENGTH}).`;
	const partOfSpeech = (values.partOfSpeech ?? '').trim();
	if (partOfSpeech.length > MAX_TERM_LENGTH) return `Part of speech too long (at most ${MAX_TERM_LENGTH} characters).`;
	return { source, target, status, caseSensitive, partOfSpeech: partOfSpeech || null, note: note || null };
}

// A leading = + - @ makes spreadsheets run the cell as a formula (CSV injection), so the export
// guards such a cell with an apostrophe, as OWASP advises, and the import takes it off again.
const FORMULA_START = /^[=+\-@\t\r]/;

function unguard(value: string): string {
	return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function csvField(value: string): string {
	const safe = FORMULA_START.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function glossaryToCsv(entries: readonly GlossaryEntry[]): string {
	const header = 'source,target,status,case_sensitive,part_of_speech,note';
	const lines = entries.map((e) => [e.source, e.target, e.status, e.caseSensitive ? 'yes' : 'no', e.partOfSpeech ?? '', e.note ?? ''].map(csvField).join(','));
	return [header, ...lines].join('\r\n') + '\r\n';
}
