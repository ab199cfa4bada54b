import { sql } from 'kysely';
import { inTransaction, type Database } from '../db/db';
import { PROJECT_ACTIONS } from '../permissions';
import { recordSegmentsEvent } from '../live/record';
import type { SegmentState } from '../db/schema.generated';
import { plainText, type Block } from '../../import/model';
import { blockOverLimit } from '../../import/block-limits';
import { stateAfterSave } from '../../text/segment-state';

// The one write of a pre-translation: a segment that still has no translation gets its first
// revision, from the memory ('tm') or an engine ('mt'). A compare-and-set on "no revision yet",
// in one statement with the starter's membership, so a segment a person translated meanwhile, or
// a run after the starter lost the right to translate, writes nothing. Safe to repeat: a second
// run finds the segment filled.

export interface PendingSegment {
	id: number;
	position: number;
	source: Block;
	sourceText: string;
	prevSource: string | null;
	nextSource: string | null;
}

/** The document's segments that have no translation yet, in order, with their neighbours' sources (for context matches). */
export async function segmentsWithoutTranslation(db: Database, documentId: number): Promise<PendingSegment[]> {
	const { rows } = await sql<{ id: number; position: number; source: unknown; sourceText: string; prevSource: string | null; nextSource: string | null }>`
		select s.id, s.position, s.source, s.source_text, prev.source_text as prev_source, next.source_text as next_source
		from segments s
		left join segments prev on prev.document_id = s.document_id and prev.position = s.position - 1
		left join segments next on next.document_id = s.document_id and next.position = s.position + 1
		where s.document_id = ${documentId} and s.current_revision_id is null
		order by s.position`.execute(db);
	return rows.map((r) => ({ ...r, source: r.source as Block }));
}

export async function countWithoutTranslation(db: Database, documentId: number): Promise<number> {
	const { rows } = await sql<{ n: number }>`select count(*)::int as n from segments where document_id = ${documentId} and current_revision_id is null`.execute(
		db
	);
	return Number(rows[0]?.n ?? 0);
}

export type FillOutcome = 'written' | 'taken' | 'too_long';

/**
 * Writes `content` as the segment's first revision, authored by `authorId` with `origin`. An MT
 * revision also becomes the segment's MT (what "Changes since MT" and the post-editing figures
 * compare with); a memory's text is a person's approved translation, so the segment counts as edited.
 */
export async function fillSegment(db: Database, fill: { segmentId: number; authorId: number; origin: 'mt' | 'tm'; content: Block }): Promise<FillOutcome> {
	if (blockOverLimit(fill.content)) return 'too_long';
	const text = plainText(fill.content);
	const mt = fill.origin === 'mt';
	const state = stateAfterSave(text, mt ? text : null);
	const diff = { kind: 'diff', parts: text ? [{ op: 'insert', text }] : [] };
	// Lists travel comma-separated: PGlite and pg pass array parameters differently.
	return inTransaction(db, async (trx) => {
		const written = await writeFill(trx, fill, { text, state, diff });
		if (!written) return 'taken';
		await recordSegmentsEvent(trx, { documentId: written.documentId, kind: 'segment', cause: 'pretranslate', actor: null, segmentIds: [fill.segmentId] });
		return 'written';
	});
}

async function writeFill(
	db: Database,
	fill: { segmentId: number; authorId: number; origin: 'mt' | 'tm'; content: Block },
	made: { text: string; state: SegmentState; diff: object }
): Promise<{ documentId: number } | null> {
	const { text, state, diff } = made;
	const mt = fill.origin === 'mt';
	const { rows } = await sql<{ documentId: number }>`
		with target as (
			select s.id from segments s
			where s.id = ${fill.segmentId} and s.current_revision_id is null
				and exists (
					select 1 from documents d join project_members me on me.project_id = d.project_id
					where d.id = s.document_id and me.user_id = ${fill.authorId}
						and me.role::text = any(string_to_array(${PROJECT_ACTIONS.translate.roles.join(',')}, ',')))
			for update of s
		), inserted as (
			insert into revisions (segment_id, parent_id, author_id, origin, content, text, diff, words_inserted, words_deleted)
			select target.id, null, ${fill.authorId}, ${fill.origin}::revision_origin, ${JSON.stringify(fill.content)}::jsonb, ${text},
				${JSON.stringify(diff)}::jsonb, 0, 0
			from target
			returning id
		)
		update segments set current_revision_id = inserted.id,
			mt_revision_id = case when ${mt} then inserted.id else segments.mt_revision_id end,
			state = ${state}::segment_state, updated_at = now()
		from inserted where segments.id = ${fill.segmentId}
		returning segments.document_id as "documentId"`.execute(db);
	return rows[0] ?? null;
}
