import { sql } from 'kysely';
import type { Database } from '../db/db';
import { glossaryFingerprintSql } from './glossary-cache';

// Every document tab shows the QA error count, so every page load would run the whole document's
// QA (half a second for 2,000 segments). A result is kept per document and reused while a
// fingerprint of everything it depends on is unchanged: the project's segments and their current
// and approved revisions (other documents feed the consistency check), its documents' titles
// (named in those messages), glossary, QA levels and the document's ignored warnings. The
// fingerprint is read on every call, so a process never answers from a stale result, and several
// app processes need nothing shared.

const MAX_DOCUMENTS = 32;

interface Entry<T> {
	fingerprint: string;
	value: T;
}

const results = new Map<string, Entry<unknown>>();

export async function qaFingerprint(db: Database, projectId: number, documentId: number): Promise<string> {
	const { rows } = await sql<{ fingerprint: string }>`
		select concat_ws('|',
			(select concat_ws(':', count(*), sum(s.current_revision_id), sum(s.approved_revision_id), max(s.updated_at))
				from segments s join documents d on d.id = s.document_id where d.project_id = ${projectId}),
			(select md5(string_agg(d.id || ':' || d.title, ',' order by d.id)) from documents d where d.project_id = ${projectId}),
			${glossaryFingerprintSql(projectId)},
			(select qa_severities::text from projects where id = ${projectId}),
			(select concat_ws(':', count(*), sum(qi.id)) from qa_ignores qi join segments s on s.id = qi.segment_id where s.document_id = ${documentId})
		) as fingerprint`.execute(db);
	return rows[0].fingerprint;
}

/** The cached value while `fingerprint` matches; otherwise computes, keeps and returns a new one. */
export async function cachedByFingerprint<T>(key: string, fingerprint: string, compute: () => Promise<T>): Promise<T> {
	const known = results.get(key);
	if (known?.fingerprint === fingerprint) {
		// Most recently used last, so the oldest goes first when the cache is full.
		results.delete(key);
		results.set(key, known);
		return known.value as T;
	}
	const value = await compute();
	results.delete(key);
	if (results.size >= MAX_DOCUMENTS) results.delete(results.keys().next().value!);
	results.set(key, { fingerprint, value });
	return value;
}
