import * as documents from './documents';
import type { Database } from '../db/db';
import * as publications from '../publishing/publications';
import * as review from '../review/review';
import type { ExportDocument, ExportSegment } from '../../publish/export';

// What an export is made from: a published version as it was stored, or the document now.

export interface ExportSource {
	doc: ExportDocument;
	/** The HTML stored at publication; absent for the current state. */
	storedHtml?: string;
}

/** A published version (the current one for `'published'`), or null when there is no such version. */
export async function publishedExport(db: Database, documentId: number, version: number | 'published'): Promise<ExportSource | null> {
	const publication = await publications.getPublication(db, documentId, version === 'published' ? undefined : version);
	if (!publication) return null;
	return {
		doc: {
			title: publication.title,
			version: publication.version,
			sourceLang: publication.sourceLang,
			targetLang: publication.targetLang,
			segments: publication.segments.map((s, i) => ({
				position: i + 1,
				segmentId: s.segmentId,
				revisionId: s.revisionId,
				state: 'approved',
				source: s.source,
				target: s.target
			}))
		},
		storedHtml: publication.html
	};
}

/** Each segment's current text and state; approved only while the approved text is still current. */
export async function currentExport(db: Database, doc: Pick<documents.DocumentAccess, 'id' | 'title' | 'project'>): Promise<ExportSource> {
	const [segments, info] = await Promise.all([documents.listSegments(db, doc.id), review.reviewInfo(db, doc.id)]);
	return {
		doc: {
			title: doc.title,
			version: null,
			sourceLang: doc.project.sourceLang,
			targetLang: doc.project.targetLang,
			segments: segments.map((s): ExportSegment => ({
				position: s.position,
				segmentId: s.id,
				revisionId: s.revisionId,
				state: s.state === 'approved' && info.get(s.id)?.approvedRevisionId !== s.revisionId ? 'edited' : s.state,
				source: s.source,
				target: s.content
			}))
		}
	};
}
