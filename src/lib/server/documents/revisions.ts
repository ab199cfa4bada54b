import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/db';
import { requireAllowed } from '../permissions';
import { DomainError, validate, type Input } from '../errors';
import { idSchema } from '../../validation';
import type { Block } from '../../import/model';
import { wordDiff, type WordDiff } from '../../diff';
import { restoreSchema, saveOnBase, type SaveOutcome, type SegmentAccess } from './segments';
import type { RevisionOrigin } from '../db/schema.generated';

// A segment's history: its revisions (immutable, each based on its parent), the diff between two
// of them, restoring an earlier one, and the edit time they record. Saving lives in segments.ts.

export interface RevisionSummary {
	id: number;
	parentId: number | null;
	origin: RevisionOrigin;
	author: string | null;
	text: string;
	content: Block;
	wordsInserted: number;
	wordsDeleted: number;
	secondsSpent: number;
	createdAt: Date;
}

/** The part of a segment a history read needs: which one, and that the reader is a member. */
type SegmentRef = Pick<SegmentAccess, 'id' | 'role' | 'may' | 'actor'>;

function revisionsOf(db: Database, segmentId: number) {
	return db
		.selectFrom('revisions')
		.leftJoin('users', 'users.id', 'revisions.authorId')
		.select([
			'revisions.id',
			'revisions.parentId',
			'revisions.origin',
			'users.name as author',
			'revisions.text',
			'revisions.content',
			'revisions.wordsInserted',
			'revisions.wordsDeleted',
			'revisions.secondsSpent',
			'revisions.createdAt'
		])
		.where('revisions.segmentId', '=', segmentId);
}

/** Newest first. */
export async function listRevisions(db: Database, segment: SegmentRef): Promise<RevisionSummary[]> {
	requireAllowed(segment, 'read');
	const rows = await revisionsOf(db, segment.id).orderBy('revisions.id', 'desc').execute();
	return rows.map((r) => ({ ...r, content: r.content as Block }));
}

export async function getRevision(db: Database, segment: SegmentRef, revisionId: number): Promise<RevisionSummary | null> {
	requireAllowed(segment, 'read');
	const row = await revisionsOf(db, segment.id).where('revisions.id', '=', revisionId).executeTakeFirst();
	return row ? { ...row, content: row.content as Block } : null;
}

export const diffSchema = z.object({
	from: idSchema('from: give a revision id, e.g. ?from=12&to=15.'),
	to: idSchema('to: give a revision id, e.g. ?from=12&to=15.')
});

/** Word diff between two revisions of one segment (bounded; see wordDiff). */
export async function diffRevisions(
	db: Database,
	segment: SegmentRef & { targetLang: string },
	input: Input<typeof diffSchema>
): Promise<{ from: number; to: number } & WordDiff> {
	const { from, to } = validate(diffSchema, input);
	const [a, b] = await Promise.all([getRevision(db, segment, from), getRevision(db, segment, to)]);
	if (!a || !b) throw new DomainError('not_found', 'Both revisions must belong to this segment.');
	return { from, to, ...wordDiff(a.text, b.text, { locale: segment.targetLang }) };
}

/** Makes an earlier revision current again, as a new `restore` revision on top of the base. */
export async function restoreRevision(db: Database, segment: SegmentAccess, input: Input<typeof restoreSchema>): Promise<SaveOutcome> {
	requireAllowed(segment, 'translate');
	const { revisionId, baseRevisionId } = validate(restoreSchema, input);
	const old = await getRevision(db, segment, revisionId);
	if (!old) throw new DomainError('not_found', 'That revision does not belong to this segment.');
	return saveOnBase(db, segment, {
		content: old.content,
		baseRevisionId,
		origin: 'restore',
		mode: 'translate',
		conflictMessage: 'The segment changed since you opened its history. Reload it and restore again.'
	});
}

/** Edit time per segment of a document, summed over its revisions, in one grouped query. */
export async function secondsSpentBySegment(db: Database, documentId: number): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('revisions')
		.innerJoin('segments', 'segments.id', 'revisions.segmentId')
		.select(['revisions.segmentId', sql<number>`sum(revisions.seconds_spent)::int`.as('seconds')])
		.where('segments.documentId', '=', documentId)
		.groupBy('revisions.segmentId')
		.execute();
	return new Map(rows.map((r) => [r.segmentId, r.seconds]));
}
