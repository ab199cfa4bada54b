/* eslint-disable svelte/prefer-svelte-reactivity -- the Map here is private bookkeeping (changes held while a save is in flight) that nothing renders. */
import { createApiClient } from '../api';
import type { Block } from '../import/model';
import type {
	CommentEventData,
	LiveSegment,
	PresenceEventData,
	PresencePerson,
	PublicationEventData,
	ReloadEventData,
	SegmentsEventData
} from '../live/protocol';
import type { LiveEventName } from '../live/protocol';
import type { ReviewReason } from '../review/transitions';
import type { RowVersion, SegmentRow } from './segment-row.svelte';

// What the document's live stream changes on the workspace page: rows others saved, confirmed or
// reviewed (applied in place, never over an unsaved edit), comment counts, review notes, who else
// is here and where, and the notices a reload would otherwise have shown. It also keeps this
// member's own presence: a heartbeat while the page is open, at the segment being edited unless
// they went idle.

/** What the controller needs of the workspace: its rows, and how a row takes a version from the server. */
export interface LiveWorkspace {
	readonly byId: ReadonlyMap<number, SegmentRow>;
	readonly activeId: number | null;
	readonly rows: readonly SegmentRow[];
	update(row: SegmentRow, version: RowVersion): Promise<void>;
	announce(text: string): void;
}

export interface LiveNote {
	sentBack: { reason: ReviewReason | null; comment: string; reviewer: string | null; at: string } | null;
	reviewerEdit: null;
	revisionId: number | null;
}

export interface LiveDocumentOptions {
	documentId: number;
	me: { id: number; name: string };
	workspace: LiveWorkspace;
	leaseSeconds: number;
	oncomments?: (segmentId: number, counts: CommentEventData['counts']) => void;
	/** Every segment or review event, after it is applied (a page that shows no editable rows says what changed). */
	onsegments?: (event: SegmentsEventData, mine: boolean) => void;
	/** The server could not catch this page up: it should be loaded again. */
	onreload?: (reason: string) => void;
	/** Tests pass their own; the page uses the JSON API with its session cookie. */
	sendPresence?: (segmentId: number | null, leaving: boolean) => Promise<void>;
}

const NOBODY: PresencePerson[] = [];

/** Without a keystroke or a move for this long, a person no longer holds the segment they are in. */
export const IDLE_MS = 2 * 60_000;

export class LiveDocument {
	/** Everyone with the document open now, this member included. */
	people = $state.raw<PresencePerson[]>([]);
	/** Review feedback that arrived live, by segment; null: the note as loaded no longer applies. */
	notes = $state.raw<Record<number, LiveNote | null>>({});
	/** What happened to the document as a whole (published, approved) since the page was loaded. */
	notice = $state<string | null>(null);

	readonly #options: LiveDocumentOptions;
	readonly #send: (segmentId: number | null, leaving: boolean) => Promise<void>;
	/** Changes that arrived while the row's own save was in flight: applied once it answers, if still newer. */
	readonly #held = new Map<number, { change: LiveSegment; by: string | null }>();
	#lastActivity = Date.now();
	#sentSegment: number | null | undefined = undefined;

	constructor(options: LiveDocumentOptions) {
		this.#options = options;
		this.#send = options.sendPresence ?? defaultSender(options.documentId);
	}

	/** Everyone else, for the header's list. */
	readonly others = $derived(this.people.filter((p) => p.userId !== this.#options.me.id));
	/** Who else is in each segment (their soft locks): rows nobody is in share one empty list, and do not redraw. */
	readonly #holders = $derived.by(() => {
		const map = new Map<number, PresencePerson[]>();
		for (const p of this.others) if (p.segmentId !== null) map.set(p.segmentId, [...(map.get(p.segmentId) ?? []), p]);
		return map;
	});

	holders(segmentId: number): PresencePerson[] {
		return this.#holders.get(segmentId) ?? NOBODY;
	}

	handle(name: LiveEventName, data: Record<string, unknown>): void {
		if (name === 'segment' || name === 'review') this.#segments(data as unknown as SegmentsEventData);
		else if (name === 'comment') {
			const c = data as unknown as CommentEventData;
			this.#options.oncomments?.(c.segmentId, c.counts);
		} else if (name === 'presence') this.people = (data as unknown as PresenceEventData).people;
		else if (name === 'publication') this.#publication(data as unknown as PublicationEventData);
		else if (name === 'reload') this.#options.onreload?.((data as unknown as ReloadEventData).reason);
	}

	#segments(event: SegmentsEventData): void {
		const by = event.actor?.name ?? null;
		const mine = event.actor?.id === this.#options.me.id;
		const notes = { ...this.notes };
		let notesChanged = false;
		for (const change of event.segments) {
			const row = this.#options.workspace.byId.get(change.id);
			if (!row) continue;
			const note = event.notes?.find((n) => n.segmentId === change.id);
			if (note) {
				notes[change.id] = {
					sentBack: { reason: note.reason as ReviewReason, comment: note.comment, reviewer: note.reviewer, at: note.at },
					reviewerEdit: null,
					revisionId: change.revisionId
				};
				notesChanged = true;
			} else if (change.state !== 'changes_requested' && row.state === 'changes_requested') {
				notes[change.id] = null;
				notesChanged = true;
			}
			// The answer to this row's own save says what the server holds; what came meanwhile waits for it.
			if (row.saving) this.#held.set(row.id, { change, by });
			else this.#apply(row, change, mine ? null : by);
		}
		if (notesChanged) this.notes = notes;
		this.#options.onsegments?.(event, mine);
		if (event.documentState === 'approved') this.notice = `${by ?? 'A reviewer'} approved the last segment: the document is approved.`;
	}

	/** A row's save has answered: a change held meanwhile is applied now if it is newer. */
	settled(row: SegmentRow): void {
		const held = this.#held.get(row.id);
		if (!held) return;
		this.#held.delete(row.id);
		this.#apply(row, held.change, held.by);
	}

	#apply(row: SegmentRow, change: LiveSegment, by: string | null): void {
		// Revision ids only grow: an older one is a replay of what the row has already moved past.
		if (change.revisionId !== null && row.revisionId !== null && change.revisionId < row.revisionId) return;
		const newText = change.revisionId !== row.revisionId;
		if (!newText && change.state === row.state && change.confirmed === row.confirmed) return;
		if (newText && row.dirty && !row.conflict) {
			// The translator is typing here: their edit stays, and their save will ask which version to keep.
			row.changedMeanwhile = { by: by ?? change.lastEditor ?? 'Someone', before: row.target, after: change.content ?? null };
			this.#options.workspace.announce(`${row.changedMeanwhile.by} changed segment ${row.position} while you were editing it.`);
		}
		void this.#options.workspace.update(row, {
			revisionId: change.revisionId,
			content: (change.content ?? null) as Block | null,
			lastEditor: change.lastEditor,
			state: change.state,
			differsFromMt: change.differsFromMt,
			confirmed: change.confirmed
		});
	}

	#publication(p: PublicationEventData): void {
		const who = p.actor?.name ?? 'Someone';
		this.notice =
			p.action === 'published'
				? `${who} published version ${p.version}.`
				: p.action === 'rolled_back'
					? `${who} made version ${p.version} the published one again.`
					: `${who} took the document off its public page.`;
	}

	/** A keystroke or a move: the member is at work in their segment. */
	touch(now = Date.now()): void {
		this.#lastActivity = now;
	}

	/** The segment this member holds now: the active one, unless they went idle. */
	heldSegment(now = Date.now()): number | null {
		return now - this.#lastActivity < IDLE_MS ? this.#options.workspace.activeId : null;
	}

	/**
	 * Keeps this member's presence while the page is open: at once, whenever `pulse` is called
	 * (the active segment changed), and every third of the lease. Returns the clean-up, which
	 * leaves; a closed tab leaves through a request the browser sends as the page goes.
	 */
	start(): () => void {
		const beat = (force = false) => {
			const segmentId = this.heldSegment();
			if (!force && segmentId === this.#sentSegment) return;
			this.#sentSegment = segmentId;
			void this.#send(segmentId, false).catch(() => undefined);
		};
		beat(true);
		const timer = setInterval(() => beat(true), Math.max(1, this.#options.leaseSeconds / 3) * 1000);
		const leave = () => void this.#send(null, true).catch(() => undefined);
		window.addEventListener('pagehide', leave);
		this.pulse = () => beat(false);
		return () => {
			clearInterval(timer);
			window.removeEventListener('pagehide', leave);
			this.pulse = () => undefined;
			leave();
		};
	}

	/** The active segment may have changed: tell the others now rather than at the next heartbeat. */
	pulse: () => void = () => undefined;
}

function defaultSender(documentId: number) {
	// keepalive: the request to leave outlives the page that sends it as it closes.
	const api = createApiClient((url, init) => fetch(url, { ...init, keepalive: true }));
	return async (segmentId: number | null, leaving: boolean) => {
		if (leaving) await api.documents.leave(documentId);
		else await api.documents.presence(documentId, { segmentId });
	};
}
