import type { QaIssue, Severity } from '../qa/types';

// What a row's QA badge says. Notes (`info`, e.g. "MT unchanged", true of every untouched row)
// stay in the segment's list and out of the count, or every row of a fresh document would carry one.

export interface QaBadge {
	count: number;
	worst: Severity;
	/** E.g. "2 QA warnings", "3 QA issues: 1 error, 2 warnings". */
	text: string;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function qaBadge(issues: readonly QaIssue[] | null): QaBadge | null {
	if (!issues) return null;
	const errors = issues.filter((i) => i.severity === 'error').length;
	const warnings = issues.filter((i) => i.severity === 'warning').length;
	const count = errors + warnings;
	if (count === 0) return null;
	const worst: Severity = errors > 0 ? 'error' : 'warning';
	const text =
		errors && warnings
			? `${plural(count, 'QA issue')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
			: plural(count, errors ? 'QA error' : 'QA warning');
	return { count, worst, text };
}
