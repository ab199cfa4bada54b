import type { AuthUser } from '../auth/sessions';
import type { Comment } from '../review/comments';
import type { Notification } from '../activity/notifications';
import type { AuditEvent } from '../activity/audit';
import type { Member, ProjectWithRole } from '../projects/projects';
import type { DocumentSummary, WorkspaceSegment } from '../documents/documents';
import type { RevisionSummary } from '../documents/revisions';
import type { QueueItem, RoundSummary } from '../review/review';
import type { GateReason, Publication } from '../publishing/publications';
import type { DocumentFormat, SegmentState } from '../db/schema.generated';
import type { DocumentState } from '../../review/transitions';
import type { WordDiff } from '../../diff';
import type { Job } from '../jobs/jobs';

// What the API sends: plain objects with ISO dates, never raw rows. Every response body is made
// here, and the browser's and the tests' API client (src/lib/api) takes its types from these
// functions (`import type` only: nothing of the server reaches the browser).

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

// Errors: { error: { code, message, field? } }, with the extra a few answers carry.

export const errorJson = (code: string, message: string, field?: string): { error: { code: string; message: string; field?: string } } => ({
	error: { code, message, ...(field ? { field } : {}) }
});

/** The publish gate's 409 names every reason, with the segments behind it. */
export const publishRefusedJson = (message: string, reasons: GateReason[]) => ({
	...errorJson('publish_refused', message),
	reasons
});

// Accounts and projects.

export const userJson = (u: AuthUser) => ({ id: u.id, email: u.email, name: u.name, role: u.role });

export const projectJson = (p: ProjectWithRole) => ({
	id: p.id,
	slug: p.slug,
	name: p.name,
	sourceLang: p.sourceLang,
	targetLang: p.targetLang,
	createdAt: p.createdAt.toISOString(),
	role: p.role,
	memberCount: p.memberCount
});

export const projectListJson = (list: ProjectWithRole[]) => ({ projects: list.map(projectJson) });

export const memberJson = (m: Member) => ({
	userId: m.userId,
	email: m.email,
	name: m.name,
	role: m.role,
	addedAt: m.addedAt.toISOString()
});

export const memberListJson = (list: Member[]) => ({ members: list.map(memberJson) });

// Documents, segments and revisions.

export const documentSummaryJson = (d: DocumentSummary) => ({
	id: d.id,
	title: d.title,
	format: d.format,
	segments: d.segmentCount,
	edited: d.editedCount,
	createdAt: d.createdAt.toISOString(),
	createdBy: d.createdBy
});

export const documentListJson = (list: DocumentSummary[]) => ({ documents: list.map(documentSummaryJson) });

/** An import's 201. */
export const createdDocumentJson = (d: { id: number; segments: number; prefillJobId?: number | null }) => ({
	id: d.id,
	segments: d.segments,
	// The memory's pre-fill, queued with an import that came without MT.
	...(d.prefillJobId ? { prefillJobId: d.prefillJobId } : {})
});

export const segmentJson = (s: WorkspaceSegment) => ({
	id: s.id,
	position: s.position,
	source: s.sourceText,
	mt: s.mtText,
	text: s.text,
	state: s.state,
	revisionId: s.revisionId,
	content: s.content,
	lastEditor: s.lastEditor,
	confirmed: s.confirmed
});

/** The document with every segment: `GET /documents/{id}`. */
export const documentJson = (
	doc: {
		id: number;
		title: string;
		format: DocumentFormat;
		createdAt: Date;
		project: { id: number; sourceLang: string; targetLang: string };
	},
	status: { state: DocumentState; round: number },
	segments: WorkspaceSegment[]
) => ({
	id: doc.id,
	title: doc.title,
	state: status.state,
	round: status.round,
	format: doc.format,
	projectId: doc.project.id,
	sourceLang: doc.project.sourceLang,
	targetLang: doc.project.targetLang,
	createdAt: doc.createdAt.toISOString(),
	segments: segments.map(segmentJson)
});

export const revisionJson = (r: RevisionSummary) => ({
	id: r.id,
	parentId: r.parentId,
	origin: r.origin,
	author: r.author,
	text: r.text,
	content: r.content,
	wordsInserted: r.wordsInserted,
	wordsDeleted: r.wordsDeleted,
	secondsSpent: r.secondsSpent,
	createdAt: r.createdAt.toISOString()
});

export const revisionListJson = (list: RevisionSummary[]) => ({ revisions: list.map(revisionJson) });

export const diffJson = (from: number, to: number, diff: WordDiff) => ({ from, to, ...diff });

// Review.

/** A submission's 201. */
export const submittedJson = (r: { round: number; submitted: number; unconfirmed: number }) => ({
	round: r.round,
	submitted: r.submitted,
	unconfirmed: r.unconfirmed
});

export const approvedJson = (r: { state: SegmentState; documentApproved: boolean }) => ({ state: r.state, documentApproved: r.documentApproved });

export const rejectedJson = (r: { state: SegmentState }) => ({ state: r.state });

/** A round with its snapshot: segment id → the revision it had when submitted. */
export const roundJson = (r: RoundSummary, revisions: Map<number, number | null>) => ({
	number: r.number,
	submittedBy: r.submittedBy,
	note: r.note,
	createdAt: r.createdAt.toISOString(),
	segments: [...revisions].map(([segmentId, revisionId]) => ({ segmentId, revisionId }))
});

export const roundListJson = (rounds: { round: RoundSummary; revisions: Map<number, number | null> }[]) => ({
	rounds: rounds.map((r) => roundJson(r.round, r.revisions))
});

export const queueItemJson = (q: QueueItem) => ({
	documentId: q.documentId,
	title: q.title,
	projectSlug: q.projectSlug,
	projectName: q.projectName,
	segments: q.segments,
	waiting: q.waiting,
	round: q.round,
	submittedBy: q.submittedBy,
	// Raw SQL: a Date from pg, a string from PGlite.
	submittedAt: new Date(q.submittedAt).toISOString()
});

export const reviewQueueJson = (queue: QueueItem[]) => ({ documents: queue.map(queueItemJson) });

export const commentJson = (c: Comment) => ({
	id: c.id,
	authorId: c.authorId,
	author: c.author,
	body: c.body,
	reviewId: c.reviewId,
	reason: c.reason,
	createdAt: c.createdAt.toISOString(),
	resolvedAt: iso(c.resolvedAt),
	resolvedBy: c.resolvedBy
});

export const commentListJson = (list: Comment[]) => ({ comments: list.map(commentJson) });

/** How many comments a resolve closed. */
export const resolvedJson = (resolved: number) => ({ resolved });

// Activity.

export const auditEventJson = (e: AuditEvent) => ({
	id: e.id,
	action: e.action,
	actor: e.actor,
	segmentId: e.segmentId,
	position: e.position,
	details: e.details,
	createdAt: e.createdAt.toISOString()
});

export const auditListJson = (events: AuditEvent[]) => ({ events: events.map(auditEventJson) });

export const notificationJson = (n: Notification) => ({
	id: n.id,
	kind: n.kind,
	message: n.message,
	actor: n.actor,
	documentId: n.documentId,
	documentTitle: n.documentTitle,
	segmentId: n.segmentId,
	/** The page to open: the document's workspace, scrolled to the segment when there is one. */
	url: notificationTarget(n),
	createdAt: n.createdAt.toISOString(),
	readAt: iso(n.readAt)
});

export const notificationListJson = (unread: number, list: Notification[]) => ({ unread, notifications: list.map(notificationJson) });

/** What is left unread after marking some read. */
export const unreadJson = (unread: number) => ({ unread });

/** The document's page in the app, at the segment when there is one. */
export const notificationTarget = (n: { projectSlug: string; documentId: number; segmentId: number | null }) =>
	`/projects/${n.projectSlug}/documents/${n.documentId}${n.segmentId ? `#segment-${n.segmentId}` : ''}`;

// Publishing.

export const publicationJson = (p: Pick<Publication, 'version' | 'current' | 'title' | 'publishedBy' | 'createdAt' | 'segments'>) => ({
	version: p.version,
	current: p.current,
	title: p.title,
	publishedBy: p.publishedBy,
	createdAt: p.createdAt.toISOString(),
	segments: p.segments.map((s) => ({ segmentId: s.segmentId, revisionId: s.revisionId }))
});

export const publicationListJson = (list: Parameters<typeof publicationJson>[0][]) => ({ publications: list.map(publicationJson) });

/** A publication's 201: its version and the public page that shows it. */
export const publishedJson = (version: number, url: string) => ({ version, url });

// Background jobs.

export const jobJson = (j: Job) => ({
	id: j.id,
	kind: j.kind,
	projectId: j.projectId,
	documentId: j.documentId,
	state: j.state,
	done: j.done,
	total: j.total,
	errors: j.errors.map((e) => ({ ...(e.item === undefined ? {} : { item: e.item }), message: e.message })),
	errorCount: j.errorCount,
	...(j.result === null ? {} : { result: j.result }),
	createdAt: j.createdAt.toISOString(),
	...(j.startedAt ? { startedAt: j.startedAt.toISOString() } : {}),
	...(j.finishedAt ? { finishedAt: j.finishedAt.toISOString() } : {})
});

// A segment's save, restore and conflict answers carry its state: segment-json.ts.
export type { ConfirmationJson, ConfirmedJson, ConflictJson, CurrentVersionJson, HistoryJson, SavedJson, SegmentNowJson } from './segment-json';

// The response types, for the API client: one per serialiser.
export type ErrorJson = ReturnType<typeof errorJson>;
export type PublishRefusedJson = ReturnType<typeof publishRefusedJson>;
export type UserJson = ReturnType<typeof userJson>;
export type ProjectJson = ReturnType<typeof projectJson>;
export type ProjectListJson = ReturnType<typeof projectListJson>;
export type MemberJson = ReturnType<typeof memberJson>;
export type MemberListJson = ReturnType<typeof memberListJson>;
export type DocumentSummaryJson = ReturnType<typeof documentSummaryJson>;
export type DocumentListJson = ReturnType<typeof documentListJson>;
export type CreatedDocumentJson = ReturnType<typeof createdDocumentJson>;
export type SegmentJson = ReturnType<typeof segmentJson>;
export type DocumentJson = ReturnType<typeof documentJson>;
export type RevisionJson = ReturnType<typeof revisionJson>;
export type RevisionListJson = ReturnType<typeof revisionListJson>;
export type DiffJson = ReturnType<typeof diffJson>;
export type SubmittedJson = ReturnType<typeof submittedJson>;
export type ApprovedJson = ReturnType<typeof approvedJson>;
export type RejectedJson = ReturnType<typeof rejectedJson>;
export type RoundJson = ReturnType<typeof roundJson>;
export type RoundListJson = ReturnType<typeof roundListJson>;
export type QueueItemJson = ReturnType<typeof queueItemJson>;
export type ReviewQueueJson = ReturnType<typeof reviewQueueJson>;
export type CommentJson = ReturnType<typeof commentJson>;
export type CommentListJson = ReturnType<typeof commentListJson>;
export type ResolvedJson = ReturnType<typeof resolvedJson>;
export type AuditEventJson = ReturnType<typeof auditEventJson>;
export type AuditListJson = ReturnType<typeof auditListJson>;
export type NotificationJson = ReturnType<typeof notificationJson>;
export type NotificationListJson = ReturnType<typeof notificationListJson>;
export type UnreadJson = ReturnType<typeof unreadJson>;
export type PublicationJson = ReturnType<typeof publicationJson>;
export type PublicationListJson = ReturnType<typeof publicationListJson>;
export type PublishedJson = ReturnType<typeof publishedJson>;
export type JobJson = ReturnType<typeof jobJson>;
