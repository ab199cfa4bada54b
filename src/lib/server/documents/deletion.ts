import { sql } from 'kysely';
import { inTransaction, type Database } from '../db/db';
import { requireAllowed } from '../permissions';
import { DomainError } from '../errors';
import { recordAudit } from '../activity/audit';
import { forgetPublicPages } from '../publishing/public-cache';
import type { DocumentAccess } from './documents';

// Deleting a document removes everything made in it; the project's audit log keeps its story:
// the document's events lose their link to rows that no longer exist but keep its title.

/** What deleting the document loses, for the confirmation that names it. */
export interface DocumentFootprint {
	segments: number;
	revisions: number;
	rounds: number;
	comments: number;
	publications: number;
	/** A document with a current publication is unpublished before it can be deleted. */
	published: boolean;
}

export async function documentFootprint(db: Database, doc: Pick<DocumentAccess, 'id'>): Promise<DocumentFootprint> {
	const segmentIds = db.selectFrom('segments').select('id').where('documentId', '=', doc.id);
	const n = (table: 'revisions' | 'comments') =>
		db
			.selectFrom(table)
			.select(sql<number>`count(*)::int`.as('n'))
			.where('segmentId', 'in', segmentIds);
	const row = await db
		.selectFrom('documents')
		.select((eb) => [
			'documents.segmentCount as segments',
			sql<boolean>`documents.current_publication_id is not null`.as('published'),
			n('revisions').as('revisions'),
			n('comments').as('comments'),
			eb
				.selectFrom('reviewRounds')
				.select(sql<number>`count(*)::int`.as('n'))
				.where('documentId', '=', doc.id)
				.as('rounds'),
			eb
				.selectFrom('publications')
				.select(sql<number>`count(*)::int`.as('n'))
				.where('documentId', '=', doc.id)
				.as('publications')
		])
		.where('documents.id', '=', doc.id)
		.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'This document no longer exists.');
	return {
		segments: Number(row.segments),
		revisions: Number(row.revisions ?? 0),
		rounds: Number(row.rounds ?? 0),
		comments: Number(row.comments ?? 0),
		publications: Number(row.publications ?? 0),
		published: Boolean(row.published)
	};
}

/**
 * Deletes the document and everything in it, in one transaction (owners). A published document
 * must be unpublished first, so that nothing public disappears by accident.
 */
export async function deleteDocument(db: Database, doc: DocumentAccess): Promise<DocumentFootprint> {
	requireAllowed(doc, 'manage_documents');
	const lost = await inTransaction(db, async (trx) => {
		const row = await trx.selectFrom('documents').select(['title', 'currentPublicationId']).where('id', '=', doc.id).forUpdate().executeTakeFirst();
		if (!row) throw new DomainError('not_found', 'This document no longer exists.');
		if (row.currentPublicationId !== null) {
			throw new DomainError('conflict', `“${row.title}” is published. Unpublish it on its Publish tab first, then delete it.`);
		}
		// History refuses changes except inside this transaction (see the document_deletion migration).
		await sql`select set_config('rendition.deleting_document', 'on', true)`.execute(trx);
		const footprint = await documentFootprint(trx, doc);
		const segmentIds = trx.selectFrom('segments').select('id').where('documentId', '=', doc.id);
		const roundIds = trx.selectFrom('reviewRounds').select('id').where('documentId', '=', doc.id);

		await trx
			.updateTable('auditEvents')
			.set({ documentId: null, segmentId: null, details: sql`details || jsonb_build_object('documentTitle', ${row.title}::text)` })
			.where((eb) => eb.or([eb('documentId', '=', doc.id), eb('segmentId', 'in', segmentIds)]))
			.execute();
		await trx.deleteFrom('notifications').where('documentId', '=', doc.id).execute();
		await trx.deleteFrom('comments').where('segmentId', 'in', segmentIds).execute();
		await trx.deleteFrom('segmentReviews').where('segmentId', 'in', segmentIds).execute();
		await trx.deleteFrom('segmentConfirmations').where('segmentId', 'in', segmentIds).execute();
		await trx.deleteFrom('qaIgnores').where('segmentId', 'in', segmentIds).execute();
		await trx
			.deleteFrom('reviewRoundSegments')
			.where((eb) => eb.or([eb('segmentId', 'in', segmentIds), eb('roundId', 'in', roundIds)]))
			.execute();
		await trx.deleteFrom('reviewRounds').where('documentId', '=', doc.id).execute();
		await trx.deleteFrom('publications').where('documentId', '=', doc.id).execute();
		// Segments and revisions point at each other: unlink, then delete the revisions (their
		// parent links are checked at the end of the statement), then the segments.
		await trx.updateTable('segments').set({ currentRevisionId: null, mtRevisionId: null, approvedRevisionId: null }).where('documentId', '=', doc.id).execute();
		await trx.deleteFrom('revisions').where('segmentId', 'in', segmentIds).execute();
		await trx.deleteFrom('segments').where('documentId', '=', doc.id).execute();
		await trx.deleteFrom('documents').where('id', '=', doc.id).execute();
		await sql`select set_config('rendition.deleting_document', 'off', true)`.execute(trx);
		const { published: _, ...counts } = footprint;
		await recordAudit(trx, {
			projectId: doc.project.id,
			actorId: doc.actor.id,
			action: 'document.deleted',
			details: { documentTitle: row.title, ...counts }
		});
		return footprint;
	});
	forgetPublicPages(doc.id);
	return lost;
}
