import { sql, type Kysely, type Transaction } from 'kysely';
import { getDb } from '../db/db';
import { DomainError } from '../errors';
import { recordAudit } from '../activity/audit';
import { forgetPublicPages } from './public-cache';
import { queueWebhookEvent } from '../webhooks/webhooks';
import { requireCan } from '../permissions';
import { documentMetrics } from '../../diff/metrics';
import { renderBlocks } from '../../publish/render';
import type { Block } from '../../import/model';
import type { DB, ProjectRole, SegmentState } from '../db/schema.generated';

export interface PublishingDocument {
	id: number;
	title: string;
	role: ProjectRole;
	project: { id: number; sourceLang: string; targetLang: string };
}

export type GateReason =
	| { kind: 'not_approved'; message: string; segments: { position: number; state: SegmentState }[] }
	| { kind: 'unmodified_mt'; message: string; share: number; limit: number; segments: { position: number; share: number }[] };

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

type Trx = Transaction<DB>;

interface GateSegment {
	id: number;
	position: number;
	state: SegmentState;
	approvedRevisionId: number | null;
	currentRevisionId: number | null;
	source: Block;
	target: Block | null;
	text: string;
	mtText: string | null;
}

async function gateSegments(trx: Trx, documentId: number): Promise<GateSegment[]> {
	const { rows } = await sql<GateSegment>`
		select s.id, s.position, s.state, s.approved_revision_id, s.current_revision_id, s.source,
			ap.content as target, coalesce(ap.text, '') as text, mt.text as mt_text
		from segments s
		left join revisions ap on ap.id = s.approved_revision_id
		left join revisions mt on mt.id = s.mt_revision_id
		where s.document_id = ${documentId}
		order by s.position`.execute(trx);
	return rows;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** Why the document cannot be published now; empty when it can. */
function gateReasons(segments: GateSegment[], limit: number | null, locale: string): GateReason[] {
	const reasons: GateReason[] = [];
	// Only approved text is published: approved, and still the text the reviewer approved.
	const pending = segments.filter((s) => s.state !== 'approved' || s.approvedRevisionId !== s.currentRevisionId);
	if (pending.length > 0) {
		reasons.push({
			kind: 'not_approved',
			message: `${pending.length} of ${segments.length} segment${segments.length === 1 ? ' is' : 's are'} not approved: ${pending
				.slice(0, 20)
				.map((s) => s.position)
				.join(', ')}${pending.length > 20 ? ', …' : ''}.`,
			segments: pending.map((s) => ({ position: s.position, state: s.state }))
		});
	}
	if (limit !== null) {
		const metrics = documentMetrics(segments.map((s) => ({ mt: s.mtText, final: s.text, secondsSpent: 0 })), { locale });
		const share = metrics.unmodifiedMtShare;
		if (share !== null && share > limit) {
			const worst = segments
				.map((s, i) => ({ position: s.position, share: metrics.perSegment[i].unmodifiedMtShare ?? 0 }))
				.filter((s) => s.share > limit)
				.sort((a, b) => b.share - a.share);
			reasons.push({
				kind: 'unmodified_mt',
				message: `${percent(share)} of the machine translation is unmodified; this project publishes at most ${percent(limit)}. Most unmodified: segment${worst.length === 1 ? '' : 's'} ${worst
					.slice(0, 20)
					.map((s) => `${s.position} (${percent(s.share)})`)
					.join(', ')}.`,
				share,
				limit,
				segments: worst
			});
		}
	}
	return reasons;
}

async function projectLimit(db: Kysely<DB>, projectId: number): Promise<number | null> {
	const row = await db.selectFrom('projects').select('maxUnmodifiedMt').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.maxUnmodifiedMt;
}

/** The gate's verdict for the document as it is now (for the page, before anyone clicks). */
export async function publishGate(doc: PublishingDocument): Promise<GateReason[]> {
	return getDb()
		.transaction()
		.execute(async (trx) => gateReasons(await gateSegments(trx, doc.id), await projectLimit(trx, doc.project.id), doc.project.targetLang));
}

export class PublishRefused extends DomainError {
	constructor(readonly reasons: GateReason[]) {
		super('conflict', reasons.map((r) => r.message).join(' '));
	}
}

/** Publishes the approved text as version n+1 and makes it the public one. */
export async function publishDocument(doc: PublishingDocument, actorId: number): Promise<{ version: number }> {
	requireCan(doc.role, 'publish');
	const published = await getDb()
		.transaction()
		.execute(async (trx) => {
			// One publication at a time per document; an approval or edit in between waits or is seen.
			await trx.selectFrom('documents').select('id').where('id', '=', doc.id).forUpdate().executeTakeFirstOrThrow();
			const segments = await gateSegments(trx, doc.id);
			const reasons = gateReasons(segments, await projectLimit(trx, doc.project.id), doc.project.targetLang);
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
			return { version };
		});
	forgetPublicPages(doc.id);
	return published;
}

/** Makes an earlier version the public one again. */
export async function rollbackTo(doc: PublishingDocument, actorId: number, version: number): Promise<void> {
	requireCan(doc.role, 'publish');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const target = await trx.selectFrom('publications').select('id').where('documentId', '=', doc.id).where('version', '=', version).executeTakeFirst();
			if (!target) throw new DomainError('not_found', `This document has no version ${version}.`);
			const before = await currentVersion(trx, doc.id);
			if (before === version) throw new DomainError('conflict', `Version ${version} is already the published one.`);
			await trx.updateTable('documents').set({ currentPublicationId: target.id }).where('id', '=', doc.id).execute();
			await recordAudit(trx, { projectId: doc.project.id, documentId: doc.id, actorId, action: 'document.rolled_back', details: { from: before, to: version } });
			await queueWebhookEvent(trx, { type: 'document.rolled_back', projectId: doc.project.id, document: { id: doc.id, title: doc.title }, version });
		});
	forgetPublicPages(doc.id);
}

/** Takes the document off its public page (its versions stay, and can be made current again). */
export async function unpublish(doc: PublishingDocument, actorId: number): Promise<void> {
	requireCan(doc.role, 'publish');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const before = await currentVersion(trx, doc.id);
			if (before === null) throw new DomainError('conflict', 'This document is not published.');
			await trx.updateTable('documents').set({ currentPublicationId: null }).where('id', '=', doc.id).execute();
			await recordAudit(trx, { projectId: doc.project.id, documentId: doc.id, actorId, action: 'document.unpublished', details: { version: before } });
			await queueWebhookEvent(trx, { type: 'document.unpublished', projectId: doc.project.id, document: { id: doc.id, title: doc.title }, version: before });
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

function publicationRows(documentId: number) {
	return getDb()
		.selectFrom('publications as p')
		.innerJoin('documents as d', 'd.id', 'p.documentId')
		.leftJoin('users', 'users.id', 'p.publishedBy')
		.where('p.documentId', '=', documentId)
		.select(['p.version', 'p.title', 'users.name as publishedBy', 'p.createdAt', sql<boolean>`p.id is not distinct from d.current_publication_id`.as('current')]);
}

function publications(documentId: number) {
	return publicationRows(documentId).select(['p.id', 'p.sourceLang', 'p.targetLang', 'p.segments', 'p.html']);
}

const asPublication = (row: Omit<Publication, 'segments'> & { segments: unknown }): Publication => ({ ...row, segments: row.segments as PublishedSegment[] });

/** Every version with its segments and HTML, newest first. */
export async function listPublications(documentId: number): Promise<Publication[]> {
	return (await publications(documentId).orderBy('p.version', 'desc').execute()).map(asPublication);
}

export type PublicationSummary = Pick<Publication, 'version' | 'title' | 'publishedBy' | 'createdAt' | 'current'>;

/** Every version without its content, newest first: what a list of versions needs, however many there are. */
export async function listVersions(documentId: number): Promise<PublicationSummary[]> {
	return publicationRows(documentId).orderBy('p.version', 'desc').execute();
}

/** One version, or the current one when `version` is omitted; null when there is none. */
export async function getPublication(documentId: number, version?: number): Promise<Publication | null> {
	const query = version === undefined ? publications(documentId).whereRef('p.id', '=', 'd.currentPublicationId') : publications(documentId).where('p.version', '=', version);
	const row = await query.executeTakeFirst();
	return row ? asPublication(row) : null;
}

/** The project's publish limit on unmodified MT, a share from 0 to 1; null: no limit. */
export async function maxUnmodifiedMtOf(projectId: number): Promise<number | null> {
	return projectLimit(getDb(), projectId);
}

/** Sets the project's publish gate on unmodified MT (null: no limit); recorded in the audit log. */
export async function setMaxUnmodifiedMt(project: { id: number; role: ProjectRole }, actorId: number, limit: number | null): Promise<void> {
	requireCan(project.role, 'manage');
	if (limit !== null && !(limit >= 0 && limit <= 1)) throw new DomainError('invalid', 'The limit is a share between 0 and 100 %.', 'maxUnmodifiedMt');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const before = await projectLimit(trx, project.id);
			if (before === limit) return;
			await trx.updateTable('projects').set({ maxUnmodifiedMt: limit }).where('id', '=', project.id).execute();
			await recordAudit(trx, { projectId: project.id, actorId, action: 'project.max_unmodified_mt', details: { from: before, to: limit } });
		});
}

export interface PublicView {
	publication: Publication;
	versions: { version: number; publishedAt: Date }[];
	currentVersion: number;
}

/**
 * What the public page shows: the current version, or the one asked for, with the list of
 * versions. Null when the document is not published (never, or unpublished) or has no such version.
 */
export async function publicView(documentId: number, version?: number): Promise<PublicView | null> {
	const versions = await getDb()
		.selectFrom('publications as p')
		.innerJoin('documents as d', 'd.id', 'p.documentId')
		.select(['p.id', 'p.version', 'p.createdAt', sql<boolean>`p.id = d.current_publication_id`.as('current')])
		.where('p.documentId', '=', documentId)
		.where('d.currentPublicationId', 'is not', null)
		.orderBy('p.version', 'desc')
		.execute();
	const current = versions.find((v) => v.current);
	const wanted = version === undefined ? current : versions.find((v) => v.version === version);
	if (!current || !wanted) return null;
	const publication = await getPublication(documentId, wanted.version);
	if (!publication) return null;
	return { publication, versions: versions.map((v) => ({ version: v.version, publishedAt: v.createdAt })), currentVersion: current.version };
}
