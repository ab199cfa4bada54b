import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type Database } from '../db/db';
import { DomainError } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { ProjectAccess } from '../projects/projects';
import { readTmx, TmxError, type TmxUnit } from '../../tm/tmx-read';
import { decodeTmxInput } from '../../tm/tmx-decode';
import { unitRow, type UnitRow } from './units';

// Importing a TMX file into a project's memory, all or nothing. The embedded database has one
// connection: a transaction holding every unit of a large file would stop every other request
// while it runs. So units are staged in tm_import_units a batch at a time (short transactions,
// rows no lookup reads) while the file is read, and published by one insert … select at the end,
// once the reader has said the file is good (the wrong-pair refusal only comes at its end).

export interface TmxSkipJson {
	line: number;
	reason: string;
}

export interface TmxImportResult {
	imported: number;
	/** Units not imported: unreadable, empty, over a segment's limits, or already in the memory. */
	skipped: number;
	/** The first MAX_LISTED_SKIPS skipped units, each with its line and reason. */
	skips: TmxSkipJson[];
}

export const MAX_LISTED_SKIPS = 1_000;
/** 500 units of 22 columns stay well under Postgres's 65,535 parameters per statement. */
const STAGE_BATCH = 500;

export type TmxInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface ImportTarget {
	projectId: number;
	sourceLang: string;
	targetLang: string;
	actorId: number | null;
}

export interface ImportOptions {
	/** The file's byte limit; past it the import is refused. */
	maxBytes?: number;
	/** Told the bytes read so far after each chunk of the file. */
	onProgress?: (bytes: number) => Promise<void> | void;
	signal?: AbortSignal;
}

const ALREADY = 'The same source and target are already in the translation memory.';
const TWICE = 'The same source and target as an earlier unit of this file.';

/**
 * Imports a TMX file into the project's memory (owners): every readable unit in the project's
 * language pair that the memory does not hold yet. A file that cannot be read as a whole (not
 * UTF-8, not well-formed, another language pair, too large) is refused with the reason and
 * imports nothing.
 */
export async function importTmx(db: Database, project: ProjectAccess, input: TmxInput, options: ImportOptions = {}): Promise<TmxImportResult> {
	requireAllowed(project, 'manage');
	const target = { projectId: project.id, sourceLang: project.sourceLang, targetLang: project.targetLang, actorId: project.actor.id };
	const importId = await createImport(db, target);
	try {
		return await runImport(db, target, importId, input, options);
	} finally {
		// Done or refused, a file read within the request leaves nothing behind but its units.
		await db.deleteFrom('tmImports').where('id', '=', importId).execute();
	}
}

/** The record an import stages its units under (and a large upload its bytes). */
export async function createImport(db: Database, target: ImportTarget): Promise<number> {
	const row = await db.insertInto('tmImports').values({ projectId: target.projectId, createdBy: target.actorId }).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Reads the file and imports it under `importId`, safe to run again from the start: a run
 * stages under a fresh run id, and the final transaction publishes once per import (a run that
 * finds the import completed returns its result). A refusal is recorded on the import.
 */
export async function runImport(db: Database, target: ImportTarget, importId: number, input: TmxInput, options: ImportOptions = {}): Promise<TmxImportResult> {
	const done = await db.selectFrom('tmImports').select(['result', 'refusal']).where('id', '=', importId).executeTakeFirst();
	if (!done) throw new DomainError('not_found', 'This import no longer exists: its project was deleted.');
	if (done.result) return done.result as unknown as TmxImportResult;
	if (done.refusal) throw new DomainError('invalid', done.refusal);

	const runId = randomUUID();
	// Rows of earlier runs of this import (interrupted ones) are of no use to this one.
	await db.deleteFrom('tmImportUnits').where('importId', '=', importId).where('runId', '!=', runId).execute();
	const skips: TmxSkipJson[] = [];
	let skipped = 0;
	const skip = (line: number, reason: string) => {
		skipped++;
		if (skips.length < MAX_LISTED_SKIPS) skips.push({ line, reason });
	};
	let staged = 0;
	let seq = 0;
	let batch: { seq: number; line: number; row: UnitRow }[] = [];
	const flush = async () => {
		if (batch.length === 0) return;
		options.signal?.throwIfAborted();
		const kept = await stageBatch(db, target.projectId, importId, runId, batch, skip);
		staged += kept;
		batch = [];
	};
	try {
		for await (const event of readTmx(decodeTmxInput(input), target, { maxBytes: options.maxBytes })) {
			if ('unit' in event) {
				batch.push({ seq: seq++, line: event.unit.line, row: unitRow(importedUnit(target, event.unit)) });
				if (batch.length >= STAGE_BATCH) await flush();
			} else if ('skip' in event) skip(event.skip.line, event.skip.reason);
			else await options.onProgress?.(event.progress.bytes);
		}
		await flush();
	} catch (e) {
		await db.deleteFrom('tmImportUnits').where('importId', '=', importId).where('runId', '=', runId).execute();
		if (!(e instanceof TmxError)) throw e;
		await db.updateTable('tmImports').set({ refusal: e.message }).where('id', '=', importId).execute();
		await db.deleteFrom('tmImportChunks').where('importId', '=', importId).execute();
		throw new DomainError(e.message.includes('larger than') ? 'payload_too_large' : 'invalid', e.message);
	}
	return publish(db, target, importId, runId, staged, { skipped, skips });
}

function importedUnit(target: ImportTarget, unit: TmxUnit) {
	const props = Object.keys(unit.props).length > 0 ? unit.props : null;
	return {
		projectId: target.projectId,
		sourceLang: target.sourceLang,
		targetLang: target.targetLang,
		source: unit.source,
		target: unit.target,
		// Rendition's own exports carry the neighbouring sources, so a context match survives a round trip.
		prevSource: unit.props['x-context-prev'] ?? null,
		nextSource: unit.props['x-context-next'] ?? null,
		origin: 'import' as const,
		documentTitle: unit.props['x-document'] ?? null,
		authorName: unit.changedBy ?? unit.createdBy ?? null,
		createdAt: unit.changedAt ?? unit.createdAt,
		note: unit.notes.length > 0 ? unit.notes.join('\n') : null,
		props
	};
}

/** Stages the batch's units that are neither in the memory nor staged already; returns how many were. */
async function stageBatch(
	db: Database,
	projectId: number,
	importId: number,
	runId: string,
	batch: { seq: number; line: number; row: UnitRow }[],
	skip: (line: number, reason: string) => void
): Promise<number> {
	const hashes = [...new Set(batch.map((b) => b.row.pairHash))];
	const known = await db
		.selectFrom('tmUnits')
		.select('pairHash')
		.where('projectId', '=', projectId)
		.where('replacedAt', 'is', null)
		.where('pairHash', '=', sql<string>`any(${hashes}::text[])`)
		.execute();
	const inMemory = new Set(known.map((k) => k.pairHash));
	const fresh = batch.filter((b) => {
		if (!inMemory.has(b.row.pairHash)) return true;
		skip(b.line, ALREADY);
		return false;
	});
	if (fresh.length === 0) return 0;
	const inserted = await db
		.insertInto('tmImportUnits')
		.values(
			fresh.map(({ seq, line, row }) => ({
				importId,
				runId,
				seq,
				line,
				sourceLang: row.sourceLang,
				targetLang: row.targetLang,
				source: row.source,
				target: row.target,
				sourceText: row.sourceText,
				targetText: row.targetText,
				sourceTokens: row.sourceTokens,
				sourceKeys: row.sourceKeys,
				targetKeys: row.targetKeys,
				prevSource: row.prevSource,
				nextSource: row.nextSource,
				authorName: row.authorName,
				createdAt: row.createdAt,
				note: row.note,
				props: row.props,
				pairHash: row.pairHash
			}))
		)
		.onConflict((oc) => oc.columns(['importId', 'runId', 'pairHash']).doNothing())
		.returning('seq')
		.execute();
	const kept = new Set(inserted.map((r) => r.seq));
	for (const b of fresh) if (!kept.has(b.seq)) skip(b.line, TWICE);
	return inserted.length;
}

/**
 * The one short transaction that makes an import visible: the staged units the memory still
 * lacks (an approval may have added one meanwhile), their key counts, and the import's result.
 */
async function publish(
	db: Database,
	target: ImportTarget,
	importId: number,
	runId: string,
	staged: number,
	skipped: { skipped: number; skips: TmxSkipJson[] }
): Promise<TmxImportResult> {
	return inTransaction(db, async (trx) => {
		const row = await trx.selectFrom('tmImports').select(['result']).where('id', '=', importId).forUpdate().executeTakeFirst();
		if (!row) throw new DomainError('not_found', 'This import no longer exists: its project was deleted.');
		// Another run of the same job got here first.
		if (row.result) return row.result as unknown as TmxImportResult;
		const present = await trx
			.selectFrom('tmImportUnits')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('importId', '=', importId)
			.where('runId', '=', runId)
			.executeTakeFirstOrThrow();
		if (Number(present.n) !== staged) throw new Error(`Import ${importId}: ${staged} units were staged but ${present.n} are there; another run interfered.`);
		// Units an approval added since they were staged are skipped like the duplicates found while
		// staging. A statement of its own: a check inside the insert would scan the table it grows.
		await sql`
			delete from tm_import_units s
			where s.import_id = ${importId} and s.run_id = ${runId}
				and exists (select 1 from tm_units u where u.project_id = ${target.projectId} and u.pair_hash = s.pair_hash and u.replaced_at is null)`.execute(trx);
		const { rows } = await sql<{ imported: number }>`
			with ins as (
				insert into tm_units (project_id, source_lang, target_lang, source, target, source_text, target_text, source_tokens,
					source_keys, target_keys, prev_source, next_source, origin, created_by, author_name, created_at, note, props, pair_hash)
				select ${target.projectId}, s.source_lang, s.target_lang, s.source, s.target, s.source_text, s.target_text, s.source_tokens,
					s.source_keys, s.target_keys, s.prev_source, s.next_source, 'import', ${target.actorId}, s.author_name, s.created_at, s.note, s.props, s.pair_hash
				from tm_import_units s
				where s.import_id = ${importId} and s.run_id = ${runId}
				order by s.seq
				returning source_keys, target_keys
			),
			keys as (
				select 0 as side, k from ins, unnest(ins.source_keys) as k
				union all
				select 1 as side, k from ins, unnest(ins.target_keys) as k
			),
			counted as (
				-- In key order, as KeyTally writes: two writers lock shared keys in the same order.
				insert into tm_key_counts (side, key, units)
				select side, k, count(*)::int from keys group by side, k order by side, k
				on conflict (side, key) do update set units = tm_key_counts.units + excluded.units
				returning 1
			)
			select (select count(*) from ins)::int as imported, (select count(*) from counted)::int as keys`.execute(trx);
		const imported = Number(rows[0].imported);
		const result: TmxImportResult = { imported, skipped: skipped.skipped + (staged - imported), skips: skipped.skips };
		await trx.deleteFrom('tmImportUnits').where('importId', '=', importId).execute();
		await trx.deleteFrom('tmImportChunks').where('importId', '=', importId).execute();
		await trx
			.updateTable('tmImports')
			.set({ completedAt: sql`now()`, result: JSON.stringify(result) })
			.where('id', '=', importId)
			.execute();
		await recordAudit(trx, {
			projectId: target.projectId,
			actorId: target.actorId,
			action: 'tm.imported',
			details: { imported, skipped: result.skipped }
		});
		return result;
	});
}
