import { stateAfterSave, type SegmentState } from '../text/segment-state';
import type { Block } from '../import/model';
import type { RevisionJson } from './api';

export interface VersionFromHistory {
	revisionId: number | null;
	content: Block | null;
	author: string | null;
	state: SegmentState;
	differsFromMt: boolean;
}

/**
 * The segment's current version as its revision list (newest first) tells it: the newest revision
 * is current, since only a save makes a revision and every save makes it current.
 */
export function currentFromHistory(revisions: readonly RevisionJson[]): VersionFromHistory {
	const current = revisions[0];
	if (!current) return { revisionId: null, content: null, author: null, state: 'untranslated', differsFromMt: false };
	const mt = revisions.find((r) => r.origin === 'mt') ?? null;
	return {
		revisionId: current.id,
		content: current.content,
		author: current.origin === 'mt' ? null : current.author,
		state: stateAfterSave(current.text, mt?.text ?? null),
		differsFromMt: mt ? current.text !== mt.text : current.text !== ''
	};
}

export const ORIGIN_LABELS: Record<RevisionJson['origin'], string> = { mt: 'Machine translation', human: 'Edit', restore: 'Restore' };

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
