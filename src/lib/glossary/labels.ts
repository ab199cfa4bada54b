import type { TermStatus } from './types';

// What each status is called on screen, and what it tells a translator to do.
export const STATUS_LABELS: Record<TermStatus, { label: string; hint: string }> = {
	preferred: { label: 'Preferred', hint: 'Use this rendition.' },
	admitted: { label: 'Admitted', hint: 'Acceptable, though another is preferred.' },
	deprecated: { label: 'Deprecated', hint: 'Avoid; no longer used.' },
	forbidden: { label: 'Forbidden', hint: 'Never use this rendition.' },
	do_not_translate: { label: 'Do not translate', hint: 'Keep the source term as it is.' }
};
