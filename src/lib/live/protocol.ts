import type { Block } from '../import/model';
import type { SegmentState } from '../text/segment-state';

// What the live event stream of a document says (GET /api/v1/documents/{id}/events), shared by
// the server that writes it and the page that reads it. docs/api.md describes it for API users.

export const LIVE_CHANNEL = 'rendition_live';

/** Events with an id are stored and replayed after a reconnection; presence, notification and reload are not. */
export type LiveEventName = 'segment' | 'review' | 'comment' | 'publication' | 'presence' | 'notification' | 'reload';

/** A segment as it is after the change: what a row of the workspace shows of it. */
export interface LiveSegment {
	id: number;
	revisionId: number | null;
	state: SegmentState;
	confirmed: boolean;
	differsFromMt: boolean;
	lastEditor: string | null;
	/** The revision's content, added when the event is sent. */
	content?: Block | null;
}

export interface LiveActor {
	id: number;
	name: string;
}

/** `segment`: saved, confirmed, restored, replaced, pre-translated; `review`: submitted, approved, sent back. */
export interface SegmentsEventData {
	cause: string;
	actor: LiveActor | null;
	segments: LiveSegment[];
	/** `review` events that send a segment back: the reason, as the workspace shows it. */
	notes?: { segmentId: number; reason: string; comment: string; reviewer: string; at: string }[];
	/** `review`: the document's state after the decision, when it changed (approved). */
	documentState?: string;
}

export interface CommentEventData {
	actor: LiveActor | null;
	segmentId: number;
	commentId: number | null;
	/** The segment's threads after the change. */
	counts: { total: number; open: number };
}

export interface PublicationEventData {
	actor: LiveActor | null;
	action: 'published' | 'rolled_back' | 'unpublished';
	version: number | null;
}

export interface PresencePerson {
	userId: number;
	name: string;
	/** The segment they are editing (a soft lock), or null when they only have the document open or went idle. */
	segmentId: number | null;
	since: string;
}

export interface PresenceEventData {
	people: PresencePerson[];
}

export interface NotificationEventData {
	unread: number;
}

export interface ReloadEventData {
	reason: string;
}
