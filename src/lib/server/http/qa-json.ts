import type { DocumentQa, DocumentQaIssue } from '../qa/qa';
import type { QaIgnore } from '../qa/ignores';
import type { SeverityOverrides } from '../qa/settings';

// What the QA routes send: issues as the API documents them (docs/api.md, "QA").

export const qaIssueJson = (i: DocumentQaIssue) => ({
	segmentId: i.segmentId,
	position: i.position,
	check: i.check,
	severity: i.severity,
	message: i.message,
	...(i.source ? { source: { start: i.source.start, end: i.source.end } } : {}),
	...(i.target ? { target: { start: i.target.start, end: i.target.end } } : {}),
	...(i.fix ? { fix: { target: i.fix.target, replacement: i.fix.replacement, label: i.fix.label } } : {}),
	...(i.ignored ? { ignored: { id: i.ignored.id, by: i.ignored.by, reason: i.ignored.reason, at: i.ignored.at.toISOString() } } : {})
});

export const documentQaJson = (qa: DocumentQa) => ({
	issues: qa.issues.map(qaIssueJson),
	open: qa.open,
	ignored: qa.ignored
});

export const qaIgnoreJson = (i: QaIgnore) => ({
	id: i.id,
	segmentId: i.segmentId,
	check: i.check,
	message: i.message,
	reason: i.reason,
	by: i.by,
	at: i.at.toISOString()
});

export const qaSeveritiesJson = (severities: SeverityOverrides, checks: readonly { id: string; severity: string; label: string }[]) => ({
	checks: checks.map((c) => ({ id: c.id, label: c.label, default: c.severity, level: severities[c.id] ?? c.severity }))
});

export type QaIssueJson = ReturnType<typeof qaIssueJson>;
export type DocumentQaJson = ReturnType<typeof documentQaJson>;
export type QaIgnoreJson = ReturnType<typeof qaIgnoreJson>;
export type QaSeveritiesJson = ReturnType<typeof qaSeveritiesJson>;
