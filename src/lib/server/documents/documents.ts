import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { once, idempotencyKeySchema, newIdempotencyKey } from '../db/idempotency';
import { membership, requireAllowed, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import type { ProjectAccess } from '../projects/projects';
import { validate, type Input } from '../errors';
import { recordAudit } from '../activity/audit';
import { previewImport, type PreviewResult } from '../../import/form';
import { MAX_IMPORT_BYTES, formatBytes } from '../../import/upload';
import { MAX_SEGMENTS } from '../../import/document';
import { alignedRows, documentTitleSchema, newDocumentShape, type NewDocument } from '../../import/input';
import { plainText, type Block } from '../../import/model';
import { stateAfterSave } from '../../text/segment-state';
import { prefillAtImport } from '../pretranslate/pretranslate';
import type { DocumentFormat, SegmentState } from '../db/schema.generated';

export type { NewDocument };

export interface DocumentSummary {
	id: number;
	title: string;
	format: DocumentFormat;
	segmentCount: number;
	editedCount: number;
	createdAt: Date;
	createdBy: string | null;
}

/** A document as a member of its project sees it, with their membership: what document verbs take. */
export interface DocumentAccess extends Membership {
	id: number;
	title: string;
	format: DocumentFormat;
	segmentCount: number;
	createdAt: Date;
	project: { id: number; slug: string; name: string; sourceLang: string; targetLang: string };
}

export interface WorkspaceSegment {
	id: number;
	position: number;
	source: Block;
	sourceText: string;
	state: SegmentState;
	revisionId: number | null;
	content: Block | null;
	text: string;
	mtText: string | null;
	lastEditor: string | null;
	/** Confirmed as done: its current revision is the one last confirmed (confirmations.ts). */
	confirmed: boolean;
	updatedAt: Date;
}

// Inserting thousands of rows in one statement would pass Postgres' 65,535-parameter limit.
const CHUNK = 1000;

/** The import page as drawn for a member who may import: its limits and a fresh key for its form. */
export function newDocumentForm(project: ProjectAccess): { idempotencyKey: string; limits: { fileSize: string; segments: number } } {
	requireAllowed(project, 'import');
	return { idempotencyKey: newIdempotencyKey(), limits: { fileSize: formatBytes(MAX_IMPORT_BYTES), segments: MAX_SEGMENTS } };
}

/** The import page's first step: the pasted or uploaded texts split into rows to line up. Nothing is stored. */
export async function previewDocument(project: ProjectAccess, form: FormData): Promise<PreviewResult> {
	requireAllowed(project, 'import');
	return previewImport(form);
}

/** The import as either door sends it once its encoding is read: the document and, optionally, the form's key. */
export const createDocumentSchema = z.object({ ...newDocumentShape, idempotencyKey: idempotencyKeySchema }).superRefine(alignedRows);

/**
 * Imports a document: its segments and, when there is a translation, each segment's `mt` revision.
 * Once per idempotency key: a double-clicked form or a retried request gets the same document.
 */
export async function createDocument(
	db: Database,
	project: ProjectAccess,
	input: Input<typeof createDocumentSchema>
): Promise<{ id: number; segments: number; prefillJobId: number | null }> {
	requireAllowed(project, 'import');
	const { idempotencyKey, ...doc } = validate(createDocumentSchema, input);
	const { result } = await once(db, project.actor, idempotencyKey, 'document.create', (trx) => insertDocument(trx, project.id, project.actor.id, doc));
	return result;
}

async function insertDocument(
	trx: Trx,
	projectId: number,
	authorId: number,
	input: NewDocument
): Promise<{ id: number; segments: number; prefillJobId: number | null }> {
	const doc = await trx
		.insertInto('documents')
		.values({ projectId, title: input.title, format: input.format, segmentCount: input.source.length, createdBy: authorId })
		.returning('id')
		.executeTakeFirstOrThrow();
	const segmentIds: number[] = [];
	for (let start = 0; start < input.source.length; start += CHUNK) {
		const rows = input.source.slice(start, start + CHUNK).map((block, i) => {
			const mt = input.translation?.[start + i] ?? null;
			return {
				documentId: doc.id,
				position: start + i + 1,
				source: JSON.stringify(block),
				sourceText: plainText(block),
				state: mt ? stateAfterSave(plainText(mt), plainText(mt)) : ('untranslated' as const)
			};
		});
		const inserted = await trx.insertInto('segments').values(rows).returning('id').execute();
		segmentIds.push(...inserted.map((r) => r.id));
	}
	if (input.translation) {
		const translation = input.translation;
		for (let start = 0; start < segmentIds.length; start += CHUNK) {
			const rows = segmentIds.slice(start, start + CHUNK).map((segmentId, i) => {
				const block = translation[start + i];
				const text = plainText(block);
				return {
					segmentId,
					authorId,
					origin: 'mt' as const,
					content: JSON.stringify(block),
					text,
					diff: JSON.stringify({ kind: 'diff', parts: text ? [{ op: 'insert', text }] : [] }),
					wordsInserted: 0,
					wordsDeleted: 0
				};
			});
			await trx.insertInto('revisions').values(rows).execute();
		}
		await sql`update segments s set current_revision_id = r.id, mt_revision_id = r.id
			from revisions r where r.segment_id = s.id and s.document_id = ${doc.id}`.execute(trx);
	}
	// Without MT, the memory's best matches can fill segments in the background.
	const prefillJobId = input.translation ? null : await prefillAtImport(trx, { id: projectId }, doc.id, authorId);
	return { id: doc.id, segments: segmentIds.length, prefillJobId };
}

export const renameSchema = z.object({ title: documentTitleSchema });

/** Gives the document a new title (owners); recorded in the project's audit log. */
export async function renameDocument(db: Database, doc: DocumentAccess, input: Input<typeof renameSchema>): Promise<DocumentAccess> {
	requireAllowed(doc, 'manage_documents');
	const { title } = validate(renameSchema, input);
	if (title === doc.title) return doc;
	await inTransaction(db, async (trx) => {
		await trx.updateTable('documents').set({ title }).where('id', '=', doc.id).execute();
		await recordAudit(trx, {
			projectId: doc.project.id,
			documentId: doc.id,
			actorId: doc.actor.id,
			action: 'document.renamed',
			details: { from: doc.title, to: title }
		});
	});
	return { ...doc, title };
}

export async function listDocuments(db: Database, projectId: number): Promise<DocumentSummary[]> {
	return db
		.selectFrom('documents')
		.leftJoin('users', 'users.id', 'documents.createdBy')
		.select([
			'documents.id',
			'documents.title',
			'documents.format',
			'documents.segmentCount',
			'documents.createdAt',
			'users.name as createdBy',
			(eb) =>
				eb
					.selectFrom('segments')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('segments.documentId', '=', 'documents.id')
					.where('segments.state', 'not in', ['untranslated', 'mt'])
					.as('editedCount')
		])
		.where('documents.projectId', '=', projectId)
		.orderBy('documents.createdAt', 'desc')
		.orderBy('documents.id', 'desc')
		.execute() as Promise<DocumentSummary[]>;
}

/** The document with the user's project role, or null when it does not exist or they are not a member. */
export async function findDocumentForMember(db: Database, actor: AuthUser, documentId: number): Promise<DocumentAccess | null> {
	const userId = actor.id;
	const row = await db
		.selectFrom('documents')
		.innerJoin('projects', 'projects.id', 'documents.projectId')
		.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'projects.id').on('me.userId', '=', userId))
		.select([
			'documents.id',
			'documents.title',
			'documents.format',
			'documents.segmentCount',
			'documents.createdAt',
			'projects.id as projectId',
			'projects.slug',
			'projects.name as projectName',
			'projects.sourceLang',
			'projects.targetLang',
			'me.role'
		])
		.where('documents.id', '=', documentId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		title: row.title,
		format: row.format,
		segmentCount: row.segmentCount,
		createdAt: row.createdAt,
		...membership(actor, row.role),
		project: { id: row.projectId, slug: row.slug, name: row.projectName, sourceLang: row.sourceLang, targetLang: row.targetLang }
	};
}

/** Every segment with its current and MT text, in document order. */
export async function listSegments(db: Database, documentId: number): Promise<WorkspaceSegment[]> {
	const rows = await db
		.selectFrom('segments')
		.leftJoin('revisions as cur', 'cur.id', 'segments.currentRevisionId')
		.leftJoin('revisions as mt', 'mt.id', 'segments.mtRevisionId')
		.leftJoin('users as editor', 'editor.id', 'cur.authorId')
		.select([
			'segments.id',
			'segments.position',
			'segments.source',
			'segments.sourceText',
			'segments.state',
			'segments.currentRevisionId as revisionId',
			'segments.confirmedRevisionId',
			'segments.updatedAt',
			'cur.content',
			'cur.text',
			'cur.origin',
			'mt.text as mtText',
			'editor.name as editorName'
		])
		.where('segments.documentId', '=', documentId)
		.orderBy('segments.position')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		position: r.position,
		source: r.source as Block,
		sourceText: r.sourceText,
		state: r.state,
		revisionId: r.revisionId,
		content: (r.content as Block | null) ?? null,
		text: r.text ?? '',
		mtText: r.mtText ?? null,
		// The machine is the "editor" of an imported MT revision.
		lastEditor: r.origin === 'mt' ? null : (r.editorName ?? null),
		confirmed: r.revisionId !== null && r.confirmedRevisionId === r.revisionId,
		updatedAt: r.updatedAt
	}));
}
