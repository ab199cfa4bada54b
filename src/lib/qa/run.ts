import { bracketsCheck } from './checks/brackets';
import { emptyCheck, unchangedMtCheck, untranslatedCheck } from './checks/completeness';
import { formattingCheck } from './checks/formatting';
import { leftoverScriptCheck } from './checks/script';
import { doubleSpaceCheck, doubledWordCheck, whitespaceCheck } from './checks/typography';
import { urlsEmailsCheck } from './checks/urls';
import { numbersCheck } from './numbers/check';
import { glossaryCheck } from '../glossary/check';
import type { QaCheck, QaContext, QaIssue, QaSegment, Severity } from './types';

export const CHECKS: readonly QaCheck[] = [
	emptyCheck,
	untranslatedCheck,
	unchangedMtCheck,
	leftoverScriptCheck,
	numbersCheck,
	glossaryCheck,
	urlsEmailsCheck,
	formattingCheck,
	bracketsCheck,
	doubledWordCheck,
	doubleSpaceCheck,
	whitespaceCheck
];

export interface RunOptions {
	/** A project's overrides by check id; `off` skips the check. */
	severities?: Partial<Record<string, Severity | 'off'>>;
	/** Defaults to CHECKS. */
	checks?: readonly QaCheck[];
}

export function runChecks(segment: QaSegment, context: QaContext, options: RunOptions = {}): QaIssue[] {
	const issues: QaIssue[] = [];
	for (const check of options.checks ?? CHECKS) {
		const severity = options.severities?.[check.id] ?? check.severity;
		if (severity === 'off') continue;
		let findings;
		try {
			findings = check.run(segment, context);
		} catch {
			// One faulty check must not hide what the others found; its tests make it not throw.
			continue;
		}
		for (const finding of findings) issues.push({ ...finding, check: check.id, severity });
	}
	// Issues about the whole segment (no target span) come first, then in reading order.
	return issues.sort((a, b) => (a.target?.start ?? -1) - (b.target?.start ?? -1) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0));
}

export function summarize(issues: readonly QaIssue[]): Record<Severity, number> {
	const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
	for (const issue of issues) counts[issue.severity]++;
	return counts;
}
