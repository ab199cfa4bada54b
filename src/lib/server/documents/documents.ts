import { sql } from 'kysely';
import { getDb, type Database } from '../db/db';
import { membership, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { DomainError } from '../errors';
import { plainText, type Block } from '../../import/model';
import { stateAfterSave } from '../../text/segment-state';
import type { DocumentFormat, ProjectRole, SegmentState } from '../db/schema.generated';

export interface NewDocument {
	title: string;
	format: DocumentFormat;
	source: Block[];
	/** Aligned one-to-one with `source`, or null when the translator starts from empty. */
	translation: Block[] | null;
}

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
	role: ProjectRole;
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
	updatedAt: Date;
}

// Inserting thousands of rows in one statement would pass Postgres' 65,535-parameter limit.
const CHUNK = 1000;

/** Imports a document: its segments and, when there is a translation, each segment's `mt` revision. */
export async function createDocument(projectId: number, authorId: number, input: NewDocument): Promise<{ id: number; segments: number }> {
	if (input.translation && input.translation.length !== input.source.length) {
		throw new DomainError('invalid', 'Source and translation must have the same number of segments.', 'translation');
	}
	return getDb()
		.transaction()
		.execute(async (trx) => {
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
			return { id: doc.id, segments: segmentIds.length };
		});
}

export async function listDocuments(projectId: number): Promise<DocumentSummary[]> {
	return getDb()
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
export async function listSegments(documentId: number): Promise<WorkspaceSegment[]> {
	const rows = await getDb()
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
		updatedAt: r.updatedAt
	}));
}
