import type { RevisionJson } from './api';

export const ORIGIN_LABELS: Record<RevisionJson['origin'], string> = { mt: 'Machine translation', tm: 'Translation memory', human: 'Edit', restore: 'Restore' };

/** "45 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
	const minutes = Math.floor((s % 3600) / 60);
	return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}

export function formatShare(share: number | null): string {
	return share === null ? '—' : `${Math.round(share * 100)}%`;
}
