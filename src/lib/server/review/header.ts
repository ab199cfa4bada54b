import * as review from './review';
import { documentQa } from '../qa/qa';
import type { Database } from '../db/db';
import type { DocumentAccess } from '../documents/documents';
import type { DocumentState } from '../../review/transitions';
import type { Readiness } from './rounds';

/** What every document page's header shows about review: state, round, and what the caller may do. */
export interface ReviewHeader {
	state: DocumentState;
	round: number;
	waiting: number;
	changesRequested: number;
	canSubmit: boolean;
	canReview: boolean;
	/** What a submission would send now: the confirmed segments, and those not yet confirmed. */
	readiness: Readiness;
	/** Open error-level QA issues: the QA tab's count. */
	qaErrors: number;
}

/** What every document tab's load returns for DocumentHeader: the document, its project, the caller's role, review. */
export async function documentHeader(db: Database, doc: DocumentAccess) {
	const [{ state, counts, round, readiness }, qa] = await Promise.all([review.getDocumentState(db, doc.id), documentQa(db, doc)]);
	const header: ReviewHeader = {
		state,
		round,
		waiting: counts.submitted ?? 0,
		changesRequested: counts.changes_requested ?? 0,
		canSubmit: doc.may.submit,
		canReview: doc.may.review,
		readiness,
		qaErrors: qa.open.error
	};
	return {
		document: { id: doc.id, title: doc.title },
		project: { id: doc.project.id, slug: doc.project.slug, name: doc.project.name, sourceLang: doc.project.sourceLang, targetLang: doc.project.targetLang },
		role: doc.role,
		review: header
	};
}

/** What a review page compares the submitted text with. */
export type CompareWith = { kind: 'mt' } | { kind: 'approved' } | { kind: 'round'; number: number };

export function parseCompare(value: string | null, rounds: number): CompareWith {
	if (value === 'approved') return { kind: 'approved' };
	const round = /^round-(\d+)$/.exec(value ?? '');
	if (round) {
		const number = Number(round[1]);
		if (number >= 1 && number <= rounds) return { kind: 'round', number };
	}
	return { kind: 'mt' };
}

/** segment id → the text it is compared with (absent: nothing to compare with, e.g. never approved). */
export async function baseTexts(
	db: Database,
	documentId: number,
	compare: CompareWith,
	segments: { id: number; mtText: string | null }[],
	info: Map<number, review.ReviewSegmentInfo>
): Promise<Map<number, string>> {
	if (compare.kind === 'round') return review.roundTexts(db, documentId, compare.number);
	const base = new Map<number, string>();
	for (const s of segments) {
		const text = compare.kind === 'mt' ? s.mtText : (info.get(s.id)?.approvedText ?? null);
		if (text !== null) base.set(s.id, text);
	}
	return base;
}
