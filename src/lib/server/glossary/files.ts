import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { DomainError, validate, type Input } from '../errors';
import { entryInputSchema } from './schema';
import { entryRow, lockGlossary, projectGlossary, requireRoom } from './glossary';
import { glossaryToCsv, parseGlossaryCsv, type SkippedRow } from '../../glossary/csv';
import { glossaryToTbx, parseTbx } from '../../glossary/tbx';
import type { GlossaryFormat } from '../../glossary/upload';
import type { GlossaryEntry } from '../../glossary/types';
import type { ProjectAccess } from '../projects/projects';

// Importing a glossary file (CSV or TBX) in two steps, a preview and the import itself, and
// exporting one. A file's row whose source and target are already in the glossary updates that
// entry (its status, case, part of speech and note; a proposal so matched is accepted); every
// other valid row is added; a row that cannot be read is skipped and reported with its line.
// The import is one transaction: all of it or, on any refusal, nothing.

const count = z
	.union([
		z.number(),
		z
			.string()
			.regex(/^\d{1,6}$/, 'A count of entries is a whole number.')
			.transform(Number)
	])
	.pipe(z.number().int().nonnegative());

const importSchema = z.object({
	text: z.string({ error: 'Choose a glossary file.' }).min(1, 'Choose a glossary file.'),
	format: z.enum(['csv', 'tbx'], { error: 'The file is neither CSV nor TBX.' }),
	/** What the preview showed; the import refuses if the glossary has changed since. */
	expectAdded: count.optional(),
	expectUpdated: count.optional()
});

export type ImportInput = Input<typeof importSchema>;

type Change = 'add' | 'update' | 'same';

interface Plan {
	added: GlossaryEntry[];
	updated: { id: number; entry: GlossaryEntry }[];
	unchanged: number;
	skipped: SkippedRow[];
	rows: { line: number; change: Change; entry: GlossaryEntry }[];
}

export interface ImportPreview {
	format: GlossaryFormat;
	added: number;
	updated: number;
	unchanged: number;
	skipped: SkippedRow[];
	/** The file's first rows with what importing does to each. */
	sample: { line: number; change: Change; entry: GlossaryEntry }[];
}

export interface ImportResult {
	added: number;
	updated: number;
	unchanged: number;
	skipped: SkippedRow[];
}

export const PREVIEW_ROWS = 10;

/** The file's entries, each validated as a typed-in entry would be; what fails is skipped with its line. */
function readFile(text: string, format: GlossaryFormat, project: ProjectAccess): { entries: { line: number; entry: GlossaryEntry }[]; skipped: SkippedRow[] } {
	const parsed = format === 'csv' ? parseGlossaryCsv(text) : parseTbx(text, project.sourceLang, project.targetLang);
	if (parsed.error) throw new DomainError('invalid', parsed.error, 'file');
	const skipped = [...parsed.skipped];
	const entries: { line: number; entry: GlossaryEntry }[] = [];
	parsed.entries.forEach((raw, i) => {
		const line = parsed.lines[i] ?? 0;
		const checked = entryInputSchema.safeParse(raw);
		if (checked.success) entries.push({ line, entry: checked.data });
		else skipped.push({ line, reason: checked.error.issues[0]?.message ?? 'Invalid entry.' });
	});
	skipped.sort((a, b) => a.line - b.line);
	return { entries, skipped };
}

const keyOf = (e: Pick<GlossaryEntry, 'source' | 'target'>) => `${e.source}\u0000${e.target}`;

const sameEntry = (a: GlossaryEntry, b: GlossaryEntry & { proposed: boolean }) =>
	!b.proposed && a.status === b.status && a.caseSensitive === b.caseSensitive && (a.partOfSpeech ?? null) === b.partOfSpeech && (a.note ?? null) === b.note;

async function plan(db: Database | Trx, project: ProjectAccess, text: string, format: GlossaryFormat): Promise<Plan> {
	const { entries, skipped } = readFile(text, format, project);
	const current = await db
		.selectFrom('glossaryEntries')
		.select(['id', 'source', 'target', 'status', 'caseSensitive', 'partOfSpeech', 'note', 'proposed'])
		.where('projectId', '=', project.id)
		.execute();
	const byKey = new Map(current.map((row) => [keyOf(row), row]));
	const result: Plan = { added: [], updated: [], unchanged: 0, skipped, rows: [] };
	for (const { line, entry } of entries) {
		const match = byKey.get(keyOf(entry));
		let change: Change = 'add';
		if (!match) result.added.push(entry);
		else if (sameEntry(entry, match)) {
			change = 'same';
			result.unchanged++;
		} else {
			change = 'update';
			result.updated.push({ id: match.id, entry });
		}
		result.rows.push({ line, change, entry });
	}
	return result;
}

/** What importing the file would do, without doing it (owners only). */
export async function previewImport(db: Database, project: ProjectAccess, input: ImportInput): Promise<ImportPreview> {
	requireAllowed(project, 'edit_glossary');
	const { text, format } = validate(importSchema, input);
	const p = await plan(db, project, text, format);
	await requireRoom(db, project.id, p.added.length);
	return { format, added: p.added.length, updated: p.updated.length, unchanged: p.unchanged, skipped: p.skipped, sample: p.rows.slice(0, PREVIEW_ROWS) };
}

// Postgres takes at most 65,535 parameters per statement; an entry has 11.
const INSERT_CHUNK = 1000;

/** Imports the file: every valid row added or updated in one transaction, the rest reported (owners only). */
export async function importGlossary(db: Database, project: ProjectAccess, input: ImportInput): Promise<ImportResult> {
	requireAllowed(project, 'edit_glossary');
	const { text, format, expectAdded, expectUpdated } = validate(importSchema, input);
	return inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		const p = await plan(trx, project, text, format);
		if ((expectAdded !== undefined && expectAdded !== p.added.length) || (expectUpdated !== undefined && expectUpdated !== p.updated.length)) {
			throw new DomainError(
				'conflict',
				'The glossary changed since the preview, so the import would differ from it. Nothing was imported: check the file again.',
				'file'
			);
		}
		await requireRoom(trx, project.id, p.added.length);
		for (let i = 0; i < p.added.length; i += INSERT_CHUNK) {
			const chunk = p.added.slice(i, i + INSERT_CHUNK);
			await trx
				.insertInto('glossaryEntries')
				.values(chunk.map((e) => entryRow(project, e, false)))
				.execute();
		}
		const now = new Date();
		for (const { id, entry } of p.updated) {
			await trx
				.updateTable('glossaryEntries')
				.set({
					status: entry.status,
					caseSensitive: entry.caseSensitive,
					partOfSpeech: entry.partOfSpeech ?? null,
					note: entry.note ?? null,
					proposed: false,
					updatedBy: project.actor.id,
					updatedAt: now
				})
				.where('id', '=', id)
				.execute();
		}
		const result = { added: p.added.length, updated: p.updated.length, unchanged: p.unchanged, skipped: p.skipped };
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'glossary.imported',
			details: { format, added: result.added, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped.length }
		});
		return result;
	});
}

export const exportQuerySchema = z.object({
	format: z.enum(['csv', 'tbx'], { error: 'Choose a format: csv or tbx.' }),
	version: z.enum(['2', '3'], { error: 'The TBX version is 2 or 3.' }).nullish()
});

export interface GlossaryFile {
	body: string;
	filename: string;
	contentType: string;
}

/** The accepted entries as a CSV, TBX v3 (the default) or TBX 2 file, for any member. */
export async function exportGlossary(db: Database, project: ProjectAccess, input: Input<typeof exportQuerySchema>): Promise<GlossaryFile> {
	requireAllowed(project, 'read');
	const { format, version } = validate(exportQuerySchema, input);
	const entries = await projectGlossary(db, project.id);
	if (format === 'csv') {
		return { body: glossaryToCsv(entries), filename: `${project.slug}-glossary.csv`, contentType: 'text/csv; charset=utf-8' };
	}
	const tbx = version === '2' ? 2 : 3;
	return {
		body: glossaryToTbx(entries, project.sourceLang, project.targetLang, tbx),
		filename: `${project.slug}-glossary${tbx === 2 ? '-tbx2' : ''}.tbx`,
		contentType: 'application/x-tbx+xml; charset=utf-8'
	};
}
