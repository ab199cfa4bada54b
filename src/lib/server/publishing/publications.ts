import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { forgetPublicPages } from './public-cache';
import { projectLimit } from './limit';
import { queueWebhookEvent } from '../webhooks/webhooks';
import { actorOf, recordPublicationEvent } from '../live/record';
import { gateReasons, type GateReason, type GateSegment } from '../../publish/gate';
import { idSchema } from '../../validation';
import { renderBlocks } from '../../publish/render';
import type { Block } from '../../import/model';
import type { DocumentAccess } from '../documents/documents';
import { publishBlockers } from '../qa/qa';

export type { GateReason } from '../../publish/gate';
export { maxUnmodifiedMtOf, setMaxUnmodifiedMt, publishLimitSchema } from './limit';

export const rollbackSchema = z.object({ version: idSchema('Choose the version to make current.') });

export interface PublishedSegment {
	segmentId: number;
	revisionId: number;
	source: Block;
	target: Block;
}

export interface Publication {
	id: number;
	version: number;
	title: string;
	sourceLang: string;
	targetLang: string;
	segments: PublishedSegment[];
	html: string;
	publishedBy: string | null;
	createdAt: Date;
	current: boolean;
}

/** What the gate reads of a segment, with what a publication stores of it. */
interface PublishableSegment extends GateSegment {
	id: number;
	source: Block;
	target: Block | null;
}

async function gateSegments(trx: Database, documentId: number): Promise<PublishableSegment[]> {
	const { rows } = await sql<PublishableSegment>`
		select s.id, s.position, s.state, s.approved_revision_id, s.current_revision_id, s.source,
			ap.content as target, coalesce(ap.text, '') as text, mt.text as mt_text
		from segments s
		left join revisions ap on ap.id = s.approved_revision_id
		left join revisions mt on mt.id = s.mt_revision_id
		where s.document_id = ${documentId}
		order by s.position`.execute(trx);
	return rows;
}

/** The gate's verdict for the document as it is now (for the page, before anyone clicks). */
export async function publishGate(db: Database, doc: DocumentAccess): Promise<GateReason[]> {
	return inTransaction(db, async (trx) =>
		gateReasons(await gateSegments(trx, doc.id), await projectLimit(trx, doc.project.id), doc.project.targetLang, await publishBlockers(trx, doc.id))
	);
}

export class PublishRefused extends DomainError {
	constructor(readonly reasons: GateReason[]) {
		super('conflict', reasons.map((r) => r.message).join(' '));
	}
}

/** Publishes the approved text as version n+1 and makes it the public one. */
export async function publishDocument(db: Database, doc: DocumentAccess): Promise<{ version: number }> {
	requireAllowed(doc, 'publish');
	const actorId = doc.actor.id;
	const published = await inTransaction(db, async (trx) => {
		// One publication at a time per document; an approval or edit in between waits or is seen.
		await trx.selectFrom('documents').select('id').where('id', '=', doc.id).forUpdate().executeTakeFirstOrThrow();
		const segments = await gateSegments(trx, doc.id);
		const reasons = gateReasons(segments, await projectLimit(trx, doc.project.id), doc.project.targetLang, await publishBlockers(trx, doc.id));
		if (reasons.length > 0) throw new PublishRefused(reasons);
		const published: PublishedSegment[] = segments.map((s) => ({ segmentId: s.id, revisionId: s.approvedRevisionId!, source: s.source, target: s.target! }));

		const last = await trx
			.selectFrom('publications')
			.select(['version', 'segments'])
			.where('documentId', '=', doc.id)
			.orderBy('version', 'desc')
			.executeTakeFirst();
		const same = (last?.segments as PublishedSegment[] | undefined)?.map((s) => s.revisionId).join(',') === published.map((s) => s.revisionId).join(',');
		if (last && same) {
			throw new DomainError('conflict', `Version ${last.version} already has exactly this text; approve a change before publishing again.`);
		}
		const version = (last?.version ?? 0) + 1;
		const row = await trx
			.insertInto('publications')
			.values({
				documentId: doc.id,
				version,
				title: doc.title,
				sourceLang: doc.project.sourceLang,
				targetLang: doc.project.targetLang,
				segments: JSON.stringify(published),
				html: renderBlocks(published.map((s) => s.target)),
				publishedBy: actorId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx.updateTable('documents').set({ currentPublicationId: row.id }).where('id', '=', doc.id).execute();
		await recordAudit(trx, { projectId: doc.project.id, documentId: doc.id, actorId, action: 'document.published', details: { version } });
		await queueWebhookEvent(trx, { type: 'document.published', projectId: doc.project.id, document: { id: doc.id, title: doc.title }, version });
		await recordPublicationEvent(trx, doc.id, { actor: actorOf(doc.actor), action: 'published', version });
		return { version };
	});
	forgetPublicPages(doc.id);
	return published;
}

/** Makes an earlier version the public one again. */
export async function rollbackTo(db: Database, doc: DocumentAccess, input: Input<typeof rollbackSchema>): Promise<{ version: number }> {
	requireAllowed(doc, 'publish');
	const { version } = validate(rollbackSchema, input);
	const actorId = doc.actor.id;
	await inTransaction(db, async (trx) => {
		const target = await trx.selectFrom('publications').select('id').where('documentId', '=', doc.id).where('version', '=', version).executeTakeFirst();
		if (!target) throw new DomainError('not_found', `This document has no version ${version}.`);
		const before = await currentVersion(trx, doc.id);
		if (before === version) throw new DomainError('conflict', `Version ${version} is already the published one.`);
		await trx.updateTable('documents').set({ currentPublicationId: target.id }).where('id', '=', doc.id).execute();
		await recordAudit(trx, { projectId: doc.project.id, documentId: doc.id, actorId, action: 'document.rolled_back', details: { from: before, to: version } });
		await queueWebhookEvent(trx, { type: 'document.rolled_back', projectId: doc.project.id, document: { id: doc.id, title: doc.title }, version });
		await recordPublicationEvent(trx, doc.id, { actor: actorOf(doc.actor), action: 'rolled_back', version });
	});
	forgetPublicPages(doc.id);
	return { version };
}

/** Takes the document off its public page (its versions stay, and can be made current again). */
export async function unpublish(db: Database, doc: DocumentAccess): Promise<void> {
	requireAllowed(doc, 'publish');
	const actorId = doc.actor.id;
	await inTransaction(db, async (trx) => {
		const before = await currentVersion(trx, doc.id);
		if (before === null) throw new DomainError('conflict', 'This document is not published.');
		await trx.updateTable('documents').set({ currentPublicationId: null }).where('id', '=', doc.id).execute();
		await recordAudit(trx, { projectId: doc.project.id, documentId: doc.id, actorId, action: 'document.unpublished', details: { version: before } });
		await queueWebhookEvent(trx, { type: 'document.unpublished', projectId: doc.project.id, document: { id: doc.id, title: doc.title }, version: before });
		await recordPublicationEvent(trx, doc.id, { actor: actorOf(doc.actor), action: 'unpublished', version: null });
	});
	forgetPublicPages(doc.id);
}

async function currentVersion(trx: Trx, documentId: number): Promise<number | null> {
	const row = await trx
		.selectFrom('documents')
		.leftJoin('publications', 'publications.id', 'documents.currentPublicationId')
		.select('publications.version')
		.where('documents.id', '=', documentId)
		.forUpdate('documents')
		.executeTakeFirstOrThrow();
	return row.version;
}

function publicationRows(db: Database, documentId: number) {
	return db
		.selectFrom('publications as p')
		.innerJoin('documents as d', 'd.id', 'p.documentId')
		.leftJoin('users', 'users.id', 'p.publishedBy')
		.where('p.documentId', '=', documentId)
		.select([
			'p.version',
			'p.title',
			'users.name as publishedBy',
			'p.createdAt',
			sql<boolean>`p.id is not distinct from d.current_publication_id`.as('current')
		]);
}

function publications(db: Database, documentId: number) {
	return publicationRows(db, documentId).select(['p.id', 'p.sourceLang', 'p.targetLang', 'p.segments', 'p.html']);
}

const asPublication = (row: Omit<Publication, 'segments'> & { segments: unknown }): Publication => ({ ...row, segments: row.segments as PublishedSegment[] });

/** Every version with its segments and HTML, newest first. */
export async function listPublications(db: Database, documentId: number): Promise<Publication[]> {
	return (await publications(db, documentId).orderBy('p.version', 'desc').execute()).map(asPublication);
}

export type PublicationSummary = Pick<Publication, 'version' | 'title' | 'publishedBy' | 'createdAt' | 'current'>;

/** Every version without its content, newest first: what a list of versions needs, however many there are. */
export async function listVersions(db: Database, documentId: number): Promise<PublicationSummary[]> {
	return publicationRows(db, documentId).orderBy('p.version', 'desc').execute();
}

/** One version, or the current one when `version` is omitted; null when there is none. */
export async function getPublication(db: Database, documentId: number, version?: number): Promise<Publication | null> {
	const query =
		version === undefined
			? publications(db, documentId).whereRef('p.id', '=', 'd.currentPublicationId')
			: publications(db, documentId).where('p.version', '=', version);
	const row = await query.executeTakeFirst();
	return row ? asPublication(row) : null;
}

export interface PublicView {
	publication: Publication;
	versions: { version: number; publishedAt: Date }[];
	currentVersion: number;
	/** The project lets other sites frame its public pages. */
	embeddable: boolean;
}

/**
 * What the public page shows: the current version, or the one asked for, with the list of
 * versions. Null when the document is not published (never, or unpublished) or has no such version.
 */
export async function publicView(db: Database, documentId: number, version?: number): Promise<PublicView | null> {
	const versions = await db
		.selectFrom('publications as p')
		.innerJoin('documents as d', 'd.id', 'p.documentId')
		.innerJoin('projects as pr', 'pr.id', 'd.projectId')
		.select(['p.id', 'p.version', 'p.createdAt', sql<boolean>`p.id = d.current_publication_id`.as('current'), 'pr.publicEmbeddable'])
		.where('p.documentId', '=', documentId)
		.where('d.currentPublicationId', 'is not', null)
		.orderBy('p.version', 'desc')
		.execute();
	const current = versions.find((v) => v.current);
	const wanted = version === undefined ? current : versions.find((v) => v.version === version);
	if (!current || !wanted) return null;
	const publication = await getPublication(db, documentId, wanted.version);
	if (!publication) return null;
	return {
		publication,
		versions: versions.map((v) => ({ version: v.version, publishedAt: v.createdAt })),
		currentVersion: current.version,
		embeddable: current.publicEmbeddable
	};
}
