import { documentQa } from './qa';
import { ALL_CHECKS } from './settings';
import { reportItem as itemOf, type ReportItem } from '../../qa/report-item';
import type { Severity } from '../../qa/types';
import type { Database } from '../db/db';
import type { DocumentAccess } from '../documents/documents';

export type { ReportItem } from '../../qa/report-item';

// The document's QA report as its page shows it: counts, the filter's choices, and each issue
// with the stretch of text it points at, cut to a readable window.

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export interface ReportFilter {
	check: string | null;
	severity: Severity | null;
}

/** The filter from the address (?check=, ?severity=); anything unknown means "all". */
export function parseFilter(params: URLSearchParams): ReportFilter {
	const check = params.get('check');
	const severity = params.get('severity');
	return {
		check: check && ALL_CHECKS.some((c) => c.id === check) ? check : null,
		severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : null
	};
}

export async function qaReport(db: Database, doc: DocumentAccess, filter: ReportFilter) {
	const qa = await documentQa(db, doc);
	const texts = new Map(qa.segments.map((s) => [s.id, s]));
	const byCheck = new Map<string, number>();
	for (const issue of qa.issues) if (!issue.ignored) byCheck.set(issue.check, (byCheck.get(issue.check) ?? 0) + 1);
	const shown = qa.issues.filter((i) => (filter.check === null || i.check === filter.check) && (filter.severity === null || i.severity === filter.severity));
	return {
		open: qa.open,
		ignored: qa.ignored,
		total: qa.issues.length,
		checks: ALL_CHECKS.map((c) => ({ id: c.id, label: c.label, open: byCheck.get(c.id) ?? 0 })),
		items: shown.map((i) => itemOf(i, texts.get(i.segmentId)!))
	};
}

/** Each segment's issues as the review page lists them beside it (no open notes), ignored ones with their reason. */
export async function issuesBySegment(db: Database, doc: DocumentAccess): Promise<Map<number, ReportItem[]>> {
	const qa = await documentQa(db, doc);
	const texts = new Map(qa.segments.map((s) => [s.id, s]));
	const bySegment = new Map<number, ReportItem[]>();
	for (const issue of qa.issues) {
		// Notes (unchanged MT) the row says already; warnings, errors and anything ignored matter to a reviewer.
		if (issue.severity === 'info' && !issue.ignored) continue;
		const list = bySegment.get(issue.segmentId) ?? [];
		list.push(itemOf(issue, texts.get(issue.segmentId)!));
		bySegment.set(issue.segmentId, list);
	}
	return bySegment;
}
