import { sql } from 'kysely';
import type { Database } from '../db/db';
import { requireAllowed } from '../permissions';
import { projectQaSeverities, type SeverityOverrides } from './settings';
import { glossaryFingerprintSql, glossaryWithFingerprint, projectGlossaryCached } from './glossary-cache';
import { cachedByFingerprint, qaFingerprint } from './cache';
import { runChecks, summarize } from '../../qa/run';
import { consistencyFindings, DOCUMENT_CHECKS, type ProjectRendition } from '../../qa/consistency';
import { glossaryConsistencyFindings } from '../../glossary/check';
import { plainText, type Block } from '../../import/model';
import type { QaContext, QaIssue, QaSegment, Severity } from '../../qa/types';
import type { DocumentAccess } from '../documents/documents';

// QA of a whole document on the server: every segment's checks with the project's glossary and
// levels, the checks that compare segments (consistency within the document and the project),
// and the warnings members chose to ignore. The report, the review page, the API and the publish
// gate all ask this one function, so they cannot disagree about what is open.

/** Who ignored a finding, why and when. */
export interface IgnoredBy {
	id: number;
	by: string | null;
	reason: string;
	at: Date;
}

export interface DocumentQaIssue extends QaIssue {
	segmentId: number;
	position: number;
	ignored?: IgnoredBy;
}

/** A segment's texts as QA saw them: what the report highlights the spans in. */
export interface QaSegmentText {
	id: number;
	position: number;
	source: string;
	target: string;
}

export interface DocumentQa {
	issues: DocumentQaIssue[];
	/** Open issues (not ignored) by severity. */
	open: Record<Severity, number>;
	ignored: number;
	segments: QaSegmentText[];
}

/** Which text is checked: what the translators work on, or what publishing would put out. */
export type QaText = 'current' | 'approved';

interface SegmentRow {
	id: number;
	position: number;
	source: Block;
	sourceText: string;
	text: string | null;
	content: Block | null;
	mtText: string | null;
}

interface IgnoreRow {
	id: number;
	segmentId: number;
	checkId: string;
	message: string;
	reason: string;
	createdAt: Date;
	author: string | null;
}

interface DocumentRef {
	id: number;
	projectId: number;
	sourceLang: string;
	targetLang: string;
}

async function segmentRows(db: Database, documentId: number, text: QaText): Promise<SegmentRow[]> {
	const revision = sql.ref(text === 'approved' ? 's.approved_revision_id' : 's.current_revision_id');
	const { rows } = await sql<SegmentRow>`
		select s.id, s.position, s.source, s.source_text, r.text, r.content, mt.text as mt_text
		from segments s
		left join revisions r on r.id = ${revision}
		left join revisions mt on mt.id = s.mt_revision_id
		where s.document_id = ${documentId}
		order by s.position`.execute(db);
	return rows;
}

/**
 * How the project's other documents render this document's source texts: their approved text,
 * else a human edit (an untouched MT there says nothing about how the project translates).
 */
async function projectRenditions(db: Database, doc: DocumentRef): Promise<ProjectRendition[]> {
	const { rows } = await sql<ProjectRendition>`
		select s.source_text as source, coalesce(ap.text, cur.text) as target, d.title as document_title
		from segments s
		join documents d on d.id = s.document_id
		left join revisions ap on ap.id = s.approved_revision_id
		left join revisions cur on cur.id = s.current_revision_id and cur.origin <> 'mt'
		where d.project_id = ${doc.projectId} and s.document_id <> ${doc.id}
			and s.source_text in (select source_text from segments where document_id = ${doc.id})
			and coalesce(ap.text, cur.text) is not null
		order by d.id, s.position`.execute(db);
	return rows;
}

export async function documentIgnores(db: Database, documentId: number, segmentId?: number): Promise<IgnoreRow[]> {
	const { rows } = await sql<IgnoreRow>`
		select qi.id, qi.segment_id, qi.check_id, qi.message, qi.reason, qi.created_at, u.name as author
		from qa_ignores qi
		join segments s on s.id = qi.segment_id
		left join users u on u.id = qi.author_id
		where s.document_id = ${documentId} and (${segmentId ?? null}::integer is null or qi.segment_id = ${segmentId ?? null}::integer)
		order by qi.id`.execute(db);
	return rows;
}

const ignoreKey = (segmentId: number, check: string, message: string) => `${segmentId}\u0000${check}\u0000${message}`;

/** Marks the issues a member ignored. An error is never ignored: it must be fixed, or its level changed. */
export function withIgnores(issues: DocumentQaIssue[], ignores: readonly IgnoreRow[]): DocumentQaIssue[] {
	if (ignores.length === 0) return issues;
	const byKey = new Map(ignores.map((i) => [ignoreKey(i.segmentId, i.checkId, i.message), i]));
	return issues.map((issue) => {
		const found = issue.severity === 'error' ? undefined : byKey.get(ignoreKey(issue.segmentId, issue.check, issue.message));
		return found ? { ...issue, ignored: { id: found.id, by: found.author, reason: found.reason, at: new Date(found.createdAt) } } : issue;
	});
}

export function qaSegmentOf(row: { source: Block; text: string | null; content: Block | null; mtText: string | null }): QaSegment {
	return {
		source: plainText(row.source),
		target: row.content ? plainText(row.content) : (row.text ?? ''),
		mt: row.mtText,
		sourceBlock: row.source,
		targetBlock: row.content ?? undefined
	};
}

/** The pure part: every segment's issues and the document-level ones, in document order. */
export function checkDocument(
	rows: readonly { id: number; position: number; segment: QaSegment }[],
	context: QaContext,
	severities: SeverityOverrides,
	elsewhere: readonly ProjectRendition[] = []
): DocumentQaIssue[] {
	const perSegment: DocumentQaIssue[][] = rows.map((r) =>
		runChecks(r.segment, context, { severities }).map((i) => ({ ...i, segmentId: r.id, position: r.position }))
	);
	const level = (id: (typeof DOCUMENT_CHECKS)[number]['id']): Severity | 'off' => severities[id] ?? DOCUMENT_CHECKS.find((c) => c.id === id)!.severity;
	const add = (check: string, severity: Severity | 'off', findings: { segment: number; message: string; source?: QaIssue['source'] }[]) => {
		if (severity === 'off') return;
		for (const f of findings) {
			const r = rows[f.segment];
			perSegment[f.segment].push({ check, severity, message: f.message, ...(f.source ? { source: f.source } : {}), segmentId: r.id, position: r.position });
		}
	};
	add(
		'consistency',
		level('consistency'),
		consistencyFindings(
			rows.map((r) => ({ position: r.position, source: r.segment.source, target: r.segment.target })),
			elsewhere
		)
	);
	add(
		'glossary-consistency',
		level('glossary-consistency'),
		glossaryConsistencyFindings(
			rows.map((r) => r.segment),
			context
		)
	);
	return perSegment.flat();
}

async function documentRef(db: Database, documentId: number): Promise<DocumentRef> {
	const { rows } = await sql<DocumentRef>`
		select d.id, d.project_id, p.source_lang, p.target_lang from documents d join projects p on p.id = d.project_id where d.id = ${documentId}`.execute(db);
	return rows[0];
}

// A page asks twice at once (its header counts the errors, its body lists them): callers while
// one run is under way share it; a finished run is reused while its inputs are unchanged (cache.ts).
const running = new Map<string, Promise<DocumentQa>>();

/** QA of a document's current (or approved) text, for any member of its project. */
export async function documentQa(db: Database, doc: DocumentAccess, text: QaText = 'current'): Promise<DocumentQa> {
	requireAllowed(doc, 'read');
	const ref = { id: doc.id, projectId: doc.project.id, sourceLang: doc.project.sourceLang, targetLang: doc.project.targetLang };
	if (db.isTransaction) return qaOf(db, ref, text);
	const key = `${doc.id}:${text}`;
	let run = running.get(key);
	if (!run) {
		run = qaFingerprint(db, ref.projectId, ref.id)
			.then((fingerprint) => cachedByFingerprint(key, fingerprint, () => qaOf(db, ref, text)))
			.finally(() => running.delete(key));
		running.set(key, run);
	}
	return run;
}

/** The same without a member at hand: for verbs that have already checked theirs (the gate, ignores). */
export async function qaOfDocument(db: Database, documentId: number, text: QaText = 'current'): Promise<DocumentQa> {
	return qaOf(db, await documentRef(db, documentId), text);
}

async function qaOf(db: Database, doc: DocumentRef, text: QaText): Promise<DocumentQa> {
	// Five small reads, one after another: inside a transaction they share one connection anyway.
	const rows = await segmentRows(db, doc.id, text);
	const glossary = await projectGlossaryCached(db, doc.projectId);
	const severities = await projectQaSeverities(db, doc.projectId);
	const elsewhere = await projectRenditions(db, doc);
	const ignores = await documentIgnores(db, doc.id);
	const segments = rows.filter((r) => text === 'current' || r.text !== null).map((r) => ({ id: r.id, position: r.position, segment: qaSegmentOf(r) }));
	const context: QaContext = { sourceLang: doc.sourceLang, targetLang: doc.targetLang, glossary };
	const issues = withIgnores(checkDocument(segments, context, severities, elsewhere), ignores);
	return {
		issues,
		open: summarize(issues.filter((i) => !i.ignored)),
		ignored: issues.filter((i) => i.ignored).length,
		segments: segments.map((s) => ({ id: s.id, position: s.position, source: s.segment.source, target: s.segment.target }))
	};
}

/** A segment's issues of its own (no document-level checks): the answer to a save. */
export async function segmentQa(db: Database, segmentId: number, saved: { text: string; content: Block | null }): Promise<DocumentQaIssue[]> {
	// One round trip on the save path: the segment, its project's levels, the glossary's
	// fingerprint (the entries come from the cache unless it changed) and the segment's ignores.
	const { rows } = await sql<
		DocumentRef & { position: number; source: Block; mtText: string | null; qaSeverities: SeverityOverrides; glossaryFingerprint: string; ignores: IgnoreRow[] }
	>`
		select s.position, s.source, mt.text as mt_text, d.project_id, p.source_lang, p.target_lang, p.qa_severities,
			${glossaryFingerprintSql(sql.ref('d.project_id'))} as glossary_fingerprint,
			(select coalesce(json_agg(json_build_object('id', qi.id, 'segmentId', qi.segment_id, 'checkId', qi.check_id, 'message', qi.message,
					'reason', qi.reason, 'createdAt', qi.created_at, 'author', u.name) order by qi.id), '[]'::json)
				from qa_ignores qi left join users u on u.id = qi.author_id where qi.segment_id = s.id) as ignores
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		left join revisions mt on mt.id = s.mt_revision_id
		where s.id = ${segmentId}`.execute(db);
	const row = rows[0];
	if (!row) return [];
	const glossary = await glossaryWithFingerprint(db, row.projectId, row.glossaryFingerprint);
	const segment = qaSegmentOf({ source: row.source, text: saved.text, content: saved.content, mtText: row.mtText });
	const issues = runChecks(segment, { sourceLang: row.sourceLang, targetLang: row.targetLang, glossary }, { severities: row.qaSeverities });
	return withIgnores(
		issues.map((i) => ({ ...i, segmentId, position: row.position })),
		row.ignores
	);
}

/** The errors that keep the approved text from being published, for the gate. */
export async function publishBlockers(db: Database, documentId: number): Promise<DocumentQaIssue[]> {
	return (await qaOfDocument(db, documentId, 'approved')).issues.filter((i) => i.severity === 'error');
}
