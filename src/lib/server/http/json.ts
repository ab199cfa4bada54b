import type { AuthUser } from '../auth/sessions';
import type { Comment } from '../review/comments';
import type { Notification } from '../activity/notifications';
import type { Member, Project, ProjectWithRole } from '../projects/projects';
import type { WorkspaceSegment } from '../documents/documents';
import type { RevisionSummary } from '../documents/revisions';

// What the API sends: plain objects with ISO dates, never raw rows.

export const userJson = (u: AuthUser) => ({ id: u.id, email: u.email, name: u.name, role: u.role });

export const projectJson = (p: Project | ProjectWithRole) => ({
	id: p.id,
	slug: p.slug,
	name: p.name,
	sourceLang: p.sourceLang,
	targetLang: p.targetLang,
	createdAt: p.createdAt.toISOString(),
	...('role' in p ? { role: p.role, memberCount: p.memberCount } : {})
});

export const memberJson = (m: Member) => ({
	userId: m.userId,
	email: m.email,
	name: m.name,
	role: m.role,
	addedAt: m.addedAt.toISOString()
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
	lastEditor: s.lastEditor
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

export const commentJson = (c: Comment) => ({
	id: c.id,
	authorId: c.authorId,
	author: c.author,
	body: c.body,
	reviewId: c.reviewId,
	reason: c.reason,
	createdAt: c.createdAt.toISOString(),
	resolvedAt: c.resolvedAt?.toISOString() ?? null,
	resolvedBy: c.resolvedBy
});

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
	readAt: n.readAt?.toISOString() ?? null
});

/** The document's page in the app, at the segment when there is one. */
export const notificationTarget = (n: { projectSlug: string; documentId: number; segmentId: number | null }) =>
	`/projects/${n.projectSlug}/documents/${n.documentId}${n.segmentId ? `#segment-${n.segmentId}` : ''}`;
