import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { idempotencyKeySchema, once } from '../db/idempotency';
import { membership, requireAllowed, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { DomainError, validate, type Input } from '../errors';
import { recordAudit } from '../activity/audit';
import { releaseMember } from '../assignments/assignments';
import { slugify } from '../../text/slug';
import { idSchema, memberInputSchema, projectInputSchema, projectRoleSchema } from '../../validation';
import type { ProjectRole } from '../db/schema.generated';

export interface Project {
	id: number;
	slug: string;
	name: string;
	sourceLang: string;
	targetLang: string;
	createdAt: Date;
}

export interface ProjectWithRole extends Project {
	role: ProjectRole;
	memberCount: number;
}

/** A project as its member sees it, with their membership: what project-scoped verbs take. */
export type ProjectAccess = ProjectWithRole & Membership;

export interface Member {
	userId: number;
	email: string;
	name: string;
	role: ProjectRole;
	addedAt: Date;
}

const projectColumns = ['projects.id', 'projects.slug', 'projects.name', 'projects.sourceLang', 'projects.targetLang', 'projects.createdAt'] as const;

export const newProjectSchema = z.intersection(projectInputSchema, z.object({ idempotencyKey: idempotencyKeySchema }));

// Serialises slug choices, so two projects created at once with one name get two slugs.
const SLUG_LOCK = 7_301_002;

/**
 * Creates a project owned by the actor and returns it as they now see it. Sent twice with one
 * idempotency key, it creates one project and both calls get it.
 */
export async function createProject(db: Database, actor: AuthUser, input: Input<typeof newProjectSchema>): Promise<ProjectAccess> {
	const { name, sourceLang, targetLang, idempotencyKey } = validate(newProjectSchema, input);
	const { result } = await once(db, actor, idempotencyKey, 'project.create', async (trx) => {
		await sql`select pg_advisory_xact_lock(${SLUG_LOCK})`.execute(trx);
		const slug = await freeSlug(trx, slugify(name));
		const project = await trx
			.insertInto('projects')
			.values({ slug, name, sourceLang, targetLang, createdBy: actor.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx.insertInto('projectMembers').values({ projectId: project.id, userId: actor.id, role: 'owner' }).execute();
		await recordAudit(trx, { projectId: project.id, actorId: actor.id, action: 'project.created', details: { name } });
		return { id: project.id };
	});
	const created = await findProjectForMember(db, actor, { id: result.id });
	if (!created) throw new DomainError('not_found', 'The project made by this form no longer includes you.');
	return created;
}

async function freeSlug(trx: Trx, base: string): Promise<string> {
	const taken = new Set(
		(
			await trx
				.selectFrom('projects')
				.select('slug')
				.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
				.execute()
		).map((r) => r.slug)
	);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Projects the user belongs to, with their role and the member count. */
function memberProjects(db: Database, userId: number) {
	return db
		.selectFrom('projects')
		.innerJoin('projectMembers as me', (j) => j.onRef('me.projectId', '=', 'projects.id').on('me.userId', '=', userId))
		.select([
			...projectColumns,
			'me.role',
			(eb) =>
				eb
					.selectFrom('projectMembers as m')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('m.projectId', '=', 'projects.id')
					.as('memberCount')
		]);
}

export async function listProjectsForUser(db: Database, actor: AuthUser): Promise<ProjectWithRole[]> {
	return memberProjects(db, actor.id).orderBy('projects.name').execute() as Promise<ProjectWithRole[]>;
}

/**
 * The project with the caller's membership, or null when it does not exist *or* they are not a
 * member: callers answer 404 in both cases so project names do not leak.
 */
export async function findProjectForMember(db: Database, actor: AuthUser, ref: { slug: string } | { id: number }): Promise<ProjectAccess | null> {
	let query = memberProjects(db, actor.id);
	query = 'slug' in ref ? query.where('projects.slug', '=', ref.slug) : query.where('projects.id', '=', ref.id);
	const row = (await query.executeTakeFirst()) as ProjectWithRole | undefined;
	return row ? { ...row, ...membership(actor, row.role) } : null;
}

function members(db: Database, projectId: number) {
	return db
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['users.id as userId', 'users.email', 'users.name', 'projectMembers.role', 'projectMembers.addedAt'])
		.where('projectMembers.projectId', '=', projectId);
}

export async function listMembers(db: Database, project: ProjectAccess): Promise<Member[]> {
	requireAllowed(project, 'read');
	return members(db, project.id)
		.orderBy(sql`case project_members.role when 'owner' then 0 when 'translator' then 1 else 2 end`)
		.orderBy('users.name')
		.execute();
}

export const newMemberSchema = memberInputSchema.extend({ idempotencyKey: idempotencyKeySchema });
const memberIdSchema = idSchema('Choose a member.');
export const memberRoleSchema = z.object({ userId: memberIdSchema, role: projectRoleSchema });
export const memberTargetSchema = z.object({ userId: memberIdSchema });

/**
 * Adds an existing account to the project by email (owners only). Sent twice with one
 * idempotency key, it adds them once and both calls get the membership.
 */
export async function addMember(db: Database, project: ProjectAccess, input: Input<typeof newMemberSchema>): Promise<Member> {
	requireAllowed(project, 'manage');
	const { email, role, idempotencyKey } = validate(newMemberSchema, input);
	const { result } = await once(db, project.actor, idempotencyKey, 'member.add', async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['id', 'email', 'name', 'disabledAt'])
			.where(sql<string>`lower(email)`, '=', email.toLowerCase())
			.executeTakeFirst();
		if (!user) {
			throw new DomainError('invalid', `Nobody has registered with ${email} yet. Ask them to create an account first.`, 'email');
		}
		if (user.disabledAt) throw new DomainError('invalid', `The account ${user.email} is disabled.`, 'email');
		const added = await trx
			.insertInto('projectMembers')
			.values({ projectId: project.id, userId: user.id, role })
			.onConflict((oc) => oc.columns(['projectId', 'userId']).doNothing())
			.returning('userId')
			.executeTakeFirst();
		if (!added) throw new DomainError('conflict', `${user.email} is already a member of this project.`, 'email');
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'member.added', details: { userId: user.id, name: user.name, role } });
		return { userId: user.id };
	});
	const member = await members(db, project.id).where('projectMembers.userId', '=', result.userId).executeTakeFirst();
	if (!member) throw new DomainError('not_found', 'The person this form added is no longer a member.', 'email');
	return member;
}

/** Owners are locked before any change so two edits cannot leave the project without one. */
async function lockOwners(trx: Trx, projectId: number): Promise<number[]> {
	const rows = await trx.selectFrom('projectMembers').select('userId').where('projectId', '=', projectId).where('role', '=', 'owner').forUpdate().execute();
	return rows.map((r) => r.userId);
}

export async function changeMemberRole(db: Database, project: ProjectAccess, input: Input<typeof memberRoleSchema>): Promise<void> {
	requireAllowed(project, 'manage');
	const { userId, role } = validate(memberRoleSchema, input);
	await inTransaction(db, async (trx) => {
		const owners = await lockOwners(trx, project.id);
		if (role !== 'owner' && owners.length === 1 && owners[0] === userId) {
			throw new DomainError('conflict', 'A project needs at least one owner. Make someone else an owner first.', 'role');
		}
		const before = await memberOf(trx, project.id, userId);
		if (before.role === role) return;
		await trx.updateTable('projectMembers').set({ role }).where('projectId', '=', project.id).where('userId', '=', userId).execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'member.role_changed',
			details: { userId, name: before.name, from: before.role, to: role }
		});
		// A translator made a reviewer no longer translates what they were assigned, and the reverse.
		await releaseMember(trx, { projectId: project.id, actorId: project.actor.id, member: { id: userId, name: before.name }, role });
	});
}

/** Removes a member (owners only); returns whether the actor removed themselves. */
export async function removeMember(db: Database, project: ProjectAccess, input: Input<typeof memberTargetSchema>): Promise<{ removedSelf: boolean }> {
	requireAllowed(project, 'manage');
	const { userId } = validate(memberTargetSchema, input);
	await inTransaction(db, async (trx) => {
		const owners = await lockOwners(trx, project.id);
		if (owners.length === 1 && owners[0] === userId) {
			throw new DomainError('conflict', 'A project needs at least one owner. Make someone else an owner first.');
		}
		const before = await memberOf(trx, project.id, userId);
		// Before the membership goes: its foreign key would clear the assignments without a word in the audit log.
		await releaseMember(trx, { projectId: project.id, actorId: project.actor.id, member: { id: userId, name: before.name }, role: null });
		await trx.deleteFrom('projectMembers').where('projectId', '=', project.id).where('userId', '=', userId).execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'member.removed',
			details: { userId, name: before.name, role: before.role }
		});
	});
	return { removedSelf: userId === project.actor.id };
}

async function memberOf(trx: Trx, projectId: number, userId: number): Promise<{ role: ProjectRole; name: string }> {
	const row = await trx
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['projectMembers.role', 'users.name'])
		.where('projectMembers.projectId', '=', projectId)
		.where('projectMembers.userId', '=', userId)
		.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'That person is not a member of this project.', 'userId');
	return row;
}

/** What every project page's header shows: the project, the caller's role and what they may do. */
export function projectHeader(project: ProjectAccess) {
	return {
		id: project.id,
		slug: project.slug,
		name: project.name,
		sourceLang: project.sourceLang,
		targetLang: project.targetLang,
		createdAt: project.createdAt.toISOString(),
		role: project.role,
		may: project.may
	};
}
