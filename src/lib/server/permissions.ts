import { DomainError } from './errors';
import { projectRoleSchema } from '../validation';
import type { ProjectRole } from './db/schema.generated';
import type { AuthUser } from './auth/sessions';

/**
 * Who may do what inside a project: the one table pages and API routes ask, and the one that
 * docs/permissions.md prints (a test compares the two). Non-members get 404 before any of this.
 */
export const PROJECT_ACTIONS = {
	read: { roles: ['owner', 'translator', 'reviewer'], label: 'Read documents, revisions, rounds and the audit log' },
	comment: { roles: ['owner', 'translator', 'reviewer'], label: 'Comment on segments and resolve threads' },
	import: { roles: ['owner', 'translator'], label: 'Import documents' },
	translate: { roles: ['owner', 'translator'], label: 'Edit and restore segments' },
	submit: { roles: ['owner', 'translator'], label: 'Submit a document for review' },
	review: { roles: ['owner', 'reviewer'], label: 'Approve or send back segments' },
	review_edit: { roles: ['owner', 'reviewer'], label: 'Edit segments while they are in review' },
	publish: { roles: ['owner'], label: 'Publish, roll back and unpublish documents' },
	manage_documents: { roles: ['owner'], label: 'Rename and delete documents' },
	assign: { roles: ['owner'], label: 'Assign documents to a translator and a reviewer, with a due date' },
	manage: { roles: ['owner'], label: 'Manage members and project settings (four-eyes, publish gate)' },
	ignore_qa: { roles: ['owner', 'translator', 'reviewer'], label: 'Ignore a QA warning with a reason, and take that back' },
	edit_glossary: { roles: ['owner'], label: 'Edit the glossary, import it and accept or reject proposed terms' },
	propose_terms: { roles: ['owner', 'translator'], label: 'Propose glossary terms (an owner’s are accepted at once)' }
} as const satisfies Record<string, { roles: readonly ProjectRole[]; label: string }>;

export type ProjectAction = keyof typeof PROJECT_ACTIONS;

export function can(role: ProjectRole, action: ProjectAction): boolean {
	return (PROJECT_ACTIONS[action].roles as readonly ProjectRole[]).includes(role);
}

const REFUSALS: Record<ProjectAction, string> = {
	read: 'You are not a member of this project.',
	comment: 'Only project members comment.',
	import: 'Only owners and translators import documents.',
	translate: 'Only owners and translators edit segments; reviewers edit them while they are in review.',
	submit: 'Only owners and translators submit documents for review.',
	review: 'Only owners and reviewers approve or send back segments.',
	review_edit: 'Only owners and reviewers edit segments in review.',
	publish: 'Only project owners publish documents.',
	manage_documents: 'Only project owners rename or delete documents.',
	assign: 'Only project owners assign documents.',
	manage: 'Only project owners change this.',
	ignore_qa: 'Only project members ignore QA warnings.',
	edit_glossary: 'Only project owners edit the glossary; translators may propose terms.',
	propose_terms: 'Only owners and translators propose glossary terms.'
};

/** What the caller may do in a project, as flags a page shows or hides its controls by. */
export type Permissions = Readonly<Record<ProjectAction, boolean>>;

// Worked out once per role: every lookup hands one of these to the request that made it.
const PERMISSIONS = Object.fromEntries(
	projectRoleSchema.options.map((role) => [
		role,
		Object.freeze(Object.fromEntries(Object.keys(PROJECT_ACTIONS).map((a) => [a, can(role, a as ProjectAction)])))
	])
) as Record<ProjectRole, Permissions>;

/**
 * Who is acting and in which role: what every project-scoped verb takes. Only the domain lookups
 * (projects.findProjectForMember, documents.findDocumentForMember, segments.findSegmentForMember)
 * make one, from the database, so a verb that checks `role` checks a fact, not its caller's word.
 */
export interface Membership {
	actor: AuthUser;
	role: ProjectRole;
	may: Permissions;
}

export function membership(actor: AuthUser, role: ProjectRole): Membership {
	return { actor, role, may: PERMISSIONS[role] };
}

/** The verb's own check: a DomainError('forbidden') unless the member's role allows the action. */
export function requireAllowed(access: Membership, action: ProjectAction): void {
	if (!access.may[action]) throw new DomainError('forbidden', REFUSALS[action]);
}

/** For server-wide actions (user administration): administrators only. */
export function requireAdministrator(actor: AuthUser): void {
	if (actor.role !== 'admin') throw new DomainError('forbidden', 'Only administrators can do this.');
}
