import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type Database, type Trx } from '../db/db';
import { plainText, type Block } from '../../import/model';
import { indexKeys, tokenize } from '../../tm/tokens';
import type { TmOrigin } from '../db/schema.generated';

// Writing translation-memory units: the rows and their index keys (src/lib/tm/tokens.ts), and the
// key counts a lookup uses to probe a sentence's rarest keys first.

export interface NewUnit {
	projectId: number;
	sourceLang: string;
	targetLang: string;
	source: Block;
	target: Block;
	prevSource: string | null;
	nextSource: string | null;
	origin: TmOrigin;
	documentId?: number | null;
	documentTitle?: string | null;
	segmentId?: number | null;
	revisionId?: number | null;
	createdBy?: number | null;
	authorName?: string | null;
	createdAt?: Date;
	note?: string | null;
	props?: Record<string, string> | null;
}

export const SOURCE_SIDE = 0;
export const TARGET_SIDE = 1;

export function pairHash(sourceText: string, targetText: string): string {
	return createHash('md5').update(sourceText).update('\u0000').update(targetText).digest('hex');
}

/** The row of a unit, with what the index needs worked out once here. */
export function unitRow(unit: NewUnit) {
	const sourceText = plainText(unit.source);
	const targetText = plainText(unit.target);
	return {
		projectId: unit.projectId,
		sourceLang: unit.sourceLang,
		targetLang: unit.targetLang,
		source: JSON.stringify(unit.source),
		target: JSON.stringify(unit.target),
		sourceText,
		targetText,
		sourceTokens: tokenize(sourceText).length,
		sourceKeys: indexKeys(sourceText),
		targetKeys: indexKeys(targetText),
		prevSource: unit.prevSource,
		nextSource: unit.nextSource,
		origin: unit.origin,
		documentId: unit.documentId ?? null,
		documentTitle: unit.documentTitle ?? null,
		segmentId: unit.segmentId ?? null,
		revisionId: unit.revisionId ?? null,
		createdBy: unit.createdBy ?? null,
		authorName: unit.authorName ?? null,
		createdAt: unit.createdAt ?? new Date(),
		note: unit.note ?? null,
		props: unit.props ? JSON.stringify(unit.props) : null,
		pairHash: pairHash(sourceText, targetText)
	};
}

export type UnitRow = ReturnType<typeof unitRow>;

// One statement a batch, each column an array (unnest), so the statement's size and the server's
// parsing stay the same whatever the batch holds; a multi-row VALUES of 500 units took 18 minutes
// for a million.
const INSERT_BATCH = 5_000;

/** Inserts units (their key counts are the caller's: `countKeys`), returning their ids in order. */
export async function insertUnitRows(db: Database, rows: readonly UnitRow[]): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < rows.length; i += INSERT_BATCH) {
		const batch = rows.slice(i, i + INSERT_BATCH);
		const column = <K extends keyof UnitRow>(key: K) => batch.map((r) => r[key]);
		// unnest flattens a two-dimensional array, so each unit's keys travel as one array literal.
		const keys = (key: 'sourceKeys' | 'targetKeys') => batch.map((r) => `{${r[key].join(',')}}`);
		const { rows: inserted } = await sql<{ id: number }>`
			insert into tm_units (project_id, source_lang, target_lang, source, target, source_text, target_text, source_tokens,
				source_keys, target_keys, prev_source, next_source, origin, document_id, document_title, segment_id, revision_id,
				created_by, author_name, created_at, note, props, pair_hash)
			select project_id, source_lang, target_lang, source::jsonb, target::jsonb, source_text, target_text, source_tokens,
				source_keys::int4[], target_keys::int4[], prev_source, next_source, origin::tm_origin, document_id, document_title,
				segment_id, revision_id, created_by, author_name, created_at, note, props::jsonb, pair_hash
			from unnest(${column('projectId')}::int4[], ${column('sourceLang')}::text[], ${column('targetLang')}::text[],
				${column('source')}::text[], ${column('target')}::text[], ${column('sourceText')}::text[], ${column('targetText')}::text[],
				${column('sourceTokens')}::int4[], ${keys('sourceKeys')}::text[], ${keys('targetKeys')}::text[],
				${column('prevSource')}::text[], ${column('nextSource')}::text[], ${column('origin')}::text[], ${column('documentId')}::int4[],
				${column('documentTitle')}::text[], ${column('segmentId')}::int4[], ${column('revisionId')}::int4[], ${column('createdBy')}::int4[],
				${column('authorName')}::text[], ${batch.map((r) => r.createdAt.toISOString())}::timestamptz[], ${column('note')}::text[],
				${column('props')}::text[], ${column('pairHash')}::text[])
				with ordinality as u(project_id, source_lang, target_lang, source, target, source_text, target_text, source_tokens,
					source_keys, target_keys, prev_source, next_source, origin, document_id, document_title, segment_id, revision_id,
					created_by, author_name, created_at, note, props, pair_hash, ord)
			order by ord
			returning id`.execute(db);
		ids.push(...inserted.map((r) => r.id));
	}
	return ids;
}

/** Adds units and counts their keys, in the caller's transaction if there is one. */
export async function addUnits(db: Database, units: readonly NewUnit[]): Promise<number[]> {
	const rows = units.map(unitRow);
	return inTransaction(db, async (trx) => {
		const ids = await insertUnitRows(trx, rows);
		await countKeys(trx, rows, 1);
		return ids;
	});
}

/** Adds `sign` to the count of every key of these units. */
export async function countKeys(db: Database, rows: readonly Pick<UnitRow, 'sourceKeys' | 'targetKeys'>[], sign: 1 | -1): Promise<void> {
	const source = new KeyTally();
	const target = new KeyTally();
	for (const row of rows) {
		source.add(row.sourceKeys, sign);
		target.add(row.targetKeys, sign);
	}
	await source.save(db, SOURCE_SIDE);
	await target.save(db, TARGET_SIDE);
}

/** Key counts gathered over many units (an import), written in one pass. */
export class KeyTally {
	private readonly counts = new Map<number, number>();

	add(keys: readonly number[], sign: 1 | -1 = 1): void {
		for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + sign);
	}

	/**
	 * Keys go in sorted order, so two writers that share keys lock them in the same order and
	 * cannot deadlock.
	 */
	async save(db: Database, side: number): Promise<void> {
		const keys = [...this.counts.keys()].sort((a, b) => a - b);
		for (let i = 0; i < keys.length; i += 5_000) {
			const slice = keys.slice(i, i + 5_000);
			const amounts = slice.map((k) => this.counts.get(k)!);
			await sql`
				insert into tm_key_counts (side, key, units)
				select ${side}, k, greatest(0, n) from unnest(${slice}::int4[], ${amounts}::int4[]) as t(k, n)
				on conflict (side, key) do update set units = greatest(0, tm_key_counts.units + excluded.units)`.execute(db);
		}
		this.counts.clear();
	}
}

/**
 * Puts the approved text of these segments into their project's memory. A segment approved
 * before has its earlier unit marked replaced by the new one; approving the same text again adds
 * nothing. Runs in the approval's transaction, so a unit exists exactly when the approval does.
 */
export async function rememberApproved(trx: Trx, segmentIds: readonly number[]): Promise<number> {
	if (segmentIds.length === 0) return 0;
	const { rows } = await sql<{
		segmentId: number;
		documentId: number;
		documentTitle: string;
		projectId: number;
		sourceLang: string;
		targetLang: string;
		source: Block;
		target: Block;
		revisionId: number;
		authorId: number | null;
		prevSource: string | null;
		nextSource: string | null;
		previousUnitId: number | null;
		previousPairHash: string | null;
	}>`
		select s.id as segment_id, s.document_id, d.title as document_title, d.project_id, p.source_lang, p.target_lang,
			s.source, r.content as target, r.id as revision_id, r.author_id,
			prev.source_text as prev_source, next.source_text as next_source,
			old.id as previous_unit_id, old.pair_hash as previous_pair_hash
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		join revisions r on r.id = s.approved_revision_id
		left join segments prev on prev.document_id = s.document_id and prev.position = s.position - 1
		left join segments next on next.document_id = s.document_id and next.position = s.position + 1
		left join tm_units old on old.segment_id = s.id and old.replaced_at is null
		where s.id = any(${segmentIds}::int4[])
		order by s.position`.execute(trx);
	const fresh = rows
		.map((r) => ({
			previousUnitId: r.previousUnitId,
			previousPairHash: r.previousPairHash,
			row: unitRow({
				projectId: r.projectId,
				sourceLang: r.sourceLang,
				targetLang: r.targetLang,
				source: r.source,
				target: r.target,
				prevSource: r.prevSource,
				nextSource: r.nextSource,
				origin: 'approval',
				documentId: r.documentId,
				documentTitle: r.documentTitle,
				segmentId: r.segmentId,
				revisionId: r.revisionId,
				createdBy: r.authorId
			})
		}))
		.filter((f) => f.row.targetText.trim() !== '' && f.previousPairHash !== f.row.pairHash);
	if (fresh.length === 0) return 0;
	const ids = await insertUnitRows(
		trx,
		fresh.map((f) => f.row)
	);
	const replaced = fresh.map((f, i) => ({ old: f.previousUnitId, now: ids[i] })).filter((r) => r.old !== null);
	if (replaced.length > 0) {
		const old = await sql<{ sourceKeys: number[]; targetKeys: number[] }>`
			update tm_units u set replaced_at = now(), replaced_by = x.now
			from unnest(${replaced.map((r) => r.old)}::int4[], ${replaced.map((r) => r.now)}::int4[]) as x(old, now)
			where u.id = x.old
			returning u.source_keys, u.target_keys`.execute(trx);
		await countKeys(trx, old.rows, -1);
	}
	await countKeys(
		trx,
		fresh.map((f) => f.row),
		1
	);
	return fresh.length;
}
