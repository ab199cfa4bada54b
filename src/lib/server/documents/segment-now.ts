import type { Database } from '../db/db';
import { DomainError } from '../errors';
import type { Block } from '../../import/model';
import { differsFromMt } from '../../text/segment-state';
import { segmentTransition } from '../../review/transitions';
import type { SegmentState } from '../db/schema.generated';
import type { SaveOutcome, SegmentNow } from './segments';

// The segment as the browser is told it is now: after a save, a refused save, a confirmation.

/**
 * `confirmedRevisionId` is the revision last confirmed: the segment is confirmed while that is
 * still its current one. A new revision is never confirmed, hence the default.
 */
export const nowOf = (
	id: number,
	revisionId: number | null,
	state: SegmentState,
	text: string,
	content: Block | null,
	lastEditor: string | null,
	mtText: string | null,
	updatedAt: Date,
	confirmedRevisionId: number | null = null
): SegmentNow => ({
	id,
	revisionId,
	state,
	text,
	content,
	lastEditor,
	differsFromMt: differsFromMt(text, mtText),
	confirmed: revisionId !== null && confirmedRevisionId === revisionId,
	updatedAt
});

/**
 * What the segment holds now, for the 409. A review edit whose base is still current lost to a
 * state change (approved or reopened meanwhile), not to another edit: that is said instead.
 */
export async function conflict(db: Database, segmentId: number, message: string, reviewBase?: number | null): Promise<Extract<SaveOutcome, { ok: false }>> {
	const now = await db
		.selectFrom('segments')
		.leftJoin('revisions as cur', 'cur.id', 'segments.currentRevisionId')
		.leftJoin('revisions as mt', 'mt.id', 'segments.mtRevisionId')
		.leftJoin('users', 'users.id', 'cur.authorId')
		.select([
			'cur.id',
			'cur.text',
			'cur.content',
			'cur.createdAt',
			'cur.origin',
			'users.name',
			'segments.state',
			'segments.updatedAt',
			'segments.confirmedRevisionId',
			'mt.text as mtText'
		])
		.where('segments.id', '=', segmentId)
		.executeTakeFirst();
	if (!now) throw new DomainError('not_found', 'No such segment.');
	if (reviewBase !== undefined && now.id === reviewBase) {
		const transition = segmentTransition(now.state, 'review_edit');
		if (!transition.ok) throw new DomainError('conflict', transition.message);
	}
	const content = (now.content as Block | null) ?? null;
	const editor = now.id === null || now.origin === 'mt' ? null : (now.name ?? null);
	return {
		ok: false,
		message,
		current: {
			revisionId: now.id,
			text: now.text ?? '',
			content,
			author: now.id === null ? null : now.origin === 'mt' ? 'Machine translation' : (now.name ?? 'A former member'),
			createdAt: now.createdAt
		},
		segment: nowOf(segmentId, now.id, now.state, now.text ?? '', content, editor, now.mtText, now.updatedAt, now.confirmedRevisionId)
	};
}
