import { excerpt } from './excerpt';
import { checkLabel } from './labels';
import type { QaIssue } from './types';

// One QA issue as the report and the review page list it: labelled, with the stretch of text it
// points at, and who ignored it and why.

export interface ListedIssue extends QaIssue {
	segmentId: number;
	position: number;
	ignored?: { id: number; by: string | null; reason: string; at: Date };
}

export function reportItem(issue: ListedIssue, texts: { source: string; target: string }) {
	// Where the check points: the target when it names a span there (or none at all), else the source.
	const side = issue.target || !issue.source ? ('target' as const) : ('source' as const);
	return {
		segmentId: issue.segmentId,
		position: issue.position,
		check: issue.check,
		label: checkLabel(issue.check),
		severity: issue.severity,
		message: issue.message,
		side,
		excerpt: side === 'target' ? excerpt(texts.target, issue.target) : excerpt(texts.source, issue.source),
		fix: issue.fix ? issue.fix.label : null,
		ignored: issue.ignored ? { id: issue.ignored.id, by: issue.ignored.by, reason: issue.ignored.reason, at: issue.ignored.at.toISOString() } : null
	};
}

export type ReportItem = ReturnType<typeof reportItem>;
