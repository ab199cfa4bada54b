import { isBlock, type Block } from '../import/model';

// Unsaved edits survive a reload or a crashed tab: each dirty segment is kept in localStorage
// under its own key, with the revision it was based on, until it is saved or discarded.

const PREFIX = 'rendition:draft:';

export interface Draft {
	documentId: number;
	segmentId: number;
	/** The revision the edit started from: saving it later is a compare-and-set against this. */
	baseRevisionId: number | null;
	content: Block;
	secondsSpent: number;
	/** ISO time of the last change. */
	savedAt: string;
}

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		// Storage can be disabled (privacy settings); the workspace then works without drafts.
		return null;
	}
}

export function saveDraft(draft: Draft): void {
	try {
		storage()?.setItem(PREFIX + draft.segmentId, JSON.stringify(draft));
	} catch {
		// Quota exceeded: the edit is still in the editor, only the crash safety net is missing.
	}
}

export function removeDraft(segmentId: number): void {
	storage()?.removeItem(PREFIX + segmentId);
}

/** The well-formed drafts of one document, oldest first. */
export function listDrafts(documentId: number): Draft[] {
	const store = storage();
	if (!store) return [];
	const drafts: Draft[] = [];
	for (let i = 0; i < store.length; i++) {
		const key = store.key(i);
		if (!key?.startsWith(PREFIX)) continue;
		const draft = parseDraft(store.getItem(key));
		if (draft?.documentId === documentId && PREFIX + draft.segmentId === key) drafts.push(draft);
	}
	return drafts.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

function parseDraft(raw: string | null): Draft | null {
	try {
		const value = JSON.parse(raw ?? '') as Partial<Draft> | null;
		if (
			!value ||
			!Number.isInteger(value.documentId) ||
			!Number.isInteger(value.segmentId) ||
			!(value.baseRevisionId === null || Number.isInteger(value.baseRevisionId)) ||
			typeof value.savedAt !== 'string' ||
			// An edit may be emptied on purpose: keep it even though it cannot be saved as it is.
			!(isBlock(value.content) || isEmptyBlock(value.content))
		) {
			return null;
		}
		return { ...value, secondsSpent: Number(value.secondsSpent) || 0 } as Draft;
	} catch {
		return null;
	}
}

function isEmptyBlock(value: unknown): boolean {
	const block = value as { type?: unknown; content?: unknown } | null;
	return (
		(block?.type === 'paragraph' || block?.type === 'heading') && (block.content === undefined || (Array.isArray(block.content) && block.content.length === 0))
	);
}
