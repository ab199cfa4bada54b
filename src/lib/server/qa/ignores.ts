import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { qaOfDocument, type IgnoredBy } from './qa';
import { idSchema, storableText } from '../../validation';
import { findSegmentForMember, type SegmentAccess } from '../documents/segments';
import type { DocumentAccess } from '../documents/documents';

// Ignoring a QA warning: a member says why a finding does not apply, and reviewers see it. It
// holds while the same finding (check and message) stays on the segment; errors cannot be
// ignored, because the publish gate trusts them.

export const ignoreSchema = z.object({
	check: z.string({ error: 'check must be the id of the QA check, e.g. "glossary".' }).min(1, 'Name the QA check.').max(100),
	message: z.string({ error: 'message must be the finding’s message, as QA gave it.' }).min(1, 'Give the finding’s message.').max(2000),
	reason: z
		.string({ error: 'reason must be text.' })
		.overwrite(storableText)
		.trim()
		.min(1, 'Say why this warning does not apply, so the reviewer knows.')
		.max(1000, 'Keep the reason under 1,000 characters.')
});

export const unignoreSchema = z.object({ ignoreId: idSchema('Choose the ignored warning to restore.') });

const segmentIdSchema = z.object({ segmentId: idSchema('Choose the segment.') });

/** A segment of this document for the document's member (what the report's forms name); 404 otherwise. */
export async function segmentOfDocument(db: Database, doc: DocumentAccess, input: unknown): Promise<SegmentAccess> {
	const { segmentId } = validate(segmentIdSchema, input);
	const segment = await findSegmentForMember(db, doc.actor, segmentId);
	if (!segment || segment.documentId !== doc.id) throw new DomainError('not_found', 'This document has no such segment.', 'segmentId');
	return segment;
}

export interface QaIgnore extends IgnoredBy {
	segmentId: number;
	check: string;
	message: string;
}

/** Ignores one open warning or note on the segment's current text. Ignoring it again changes nothing. */
export async function ignoreIssue(db: Database, segment: SegmentAccess, input: Input<typeof ignoreSchema>): Promise<{ ignore: QaIgnore; created: boolean }> {
	requireAllowed(segment, 'ignore_qa');
	const { check, message, reason } = validate(ignoreSchema, input);
	return inTransaction(db, async (trx) => {
		// Ignores of one segment queue behind each other: two clicks make one row.
		const row = await trx.selectFrom('segments').select('currentRevisionId').where('id', '=', segment.id).forUpdate().executeTakeFirstOrThrow();
		const qa = await qaOfDocument(trx, segment.documentId);
		const issue = qa.issues.find((i) => i.segmentId === segment.id && i.check === check && i.message === message);
		if (!issue)
			throw new DomainError('conflict', 'This segment has no such QA finding now: it may have been fixed. Reload to see its current findings.', 'message');
		if (issue.severity === 'error') {
			throw new DomainError('invalid', 'Errors cannot be ignored: fix the text, or ask a project owner to change this check’s level.', 'check');
		}
		if (issue.ignored) return { ignore: { ...issue.ignored, segmentId: segment.id, check, message }, created: false };
		const inserted = await trx
			.insertInto('qaIgnores')
			.values({ segmentId: segment.id, revisionId: row.currentRevisionId, checkId: check, message, reason, authorId: segment.actor.id })
			.returning(['id', 'createdAt'])
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			projectId: segment.projectId,
			documentId: segment.documentId,
			segmentId: segment.id,
			actorId: segment.actor.id,
			action: 'segment.qa_ignored',
			details: { check, message, reason, revisionId: row.currentRevisionId }
		});
		return {
			ignore: { id: inserted.id, segmentId: segment.id, check, message, reason, by: segment.actor.name, at: new Date(inserted.createdAt) },
			created: true
		};
	});
}

/** Takes an ignore back: the finding counts as open again. */
export async function unignoreIssue(db: Database, segment: SegmentAccess, input: Input<typeof unignoreSchema>): Promise<void> {
	requireAllowed(segment, 'ignore_qa');
	const { ignoreId } = validate(unignoreSchema, input);
	await inTransaction(db, async (trx) => {
		const gone = await trx
			.deleteFrom('qaIgnores')
			.where('id', '=', ignoreId)
			.where('segmentId', '=', segment.id)
			.returning(['checkId', 'message', 'reason'])
			.executeTakeFirst();
		if (!gone) throw new DomainError('not_found', 'This segment has no such ignored warning.', 'ignoreId');
		await recordAudit(trx, {
			projectId: segment.projectId,
			documentId: segment.documentId,
			segmentId: segment.id,
			actorId: segment.actor.id,
			action: 'segment.qa_unignored',
			details: { check: gone.checkId, message: gone.message, reason: gone.reason }
		});
	});
}
