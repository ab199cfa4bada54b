import { CHECKS } from './run';
import { DOCUMENT_CHECKS } from './consistency';
import type { Severity } from './types';

// What the pages call the checks and the levels.

const LABELS = new Map<string, string>([...CHECKS, ...DOCUMENT_CHECKS].map((c) => [c.id, c.label]));

/** A check's label ("Numbers"); its id for a check this build does not know. */
export function checkLabel(id: string): string {
	return LABELS.get(id) ?? id;
}

export const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Note' };
