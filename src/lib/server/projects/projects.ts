import { sql, type Transaction } from 'kysely';
import { getDb, type Database } from '../db/db';
import { membership, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { DomainError } from '../errors';
import { recordAudit } from '../activity/audit';
import { slugify } from '../../text/slug';
import type { DB, ProjectRole } from '../db/schema.generated';

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

export async function createProject(
	ownerId: number,
	input: { name: string; sourceLang: string; targetLang: string }
): Promise<Project> {
	// Two projects created at once with the same name may pick the same slug; the loser retries.
	for (let attempt = 1; ; attempt++) {
		try {
			return await insertProject(ownerId, input);
		} catch (e) {
			if (attempt >= 5 || !isUniqueViolation(e)) throw e;
		}
	}
}

function isUniqueViolation(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

async function insertProject(
	ownerId: number,
	input: { name: string; sourceLang: string; targetLang: string }
): Promise<Project> {
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const slug = await freeSlug(trx, slugify(input.name));
			const project = await trx
				.insertInto('projects')
				.values({ slug, name: input.name, sourceLang: input.sourceLang, targetLang: input.targetLang, createdBy: ownerId })
				.returning(['id', 'slug', 'name', 'sourceLang', 'targetLang', 'createdAt'])
				.executeTakeFirstOrThrow();
			await trx.insertInto('projectMembers').values({ projectId: project.id, userId: ownerId, role: 'owner' }).execute();
			await recordAudit(trx, { projectId: project.id, actorId: ownerId, action: 'project.created', details: { name: input.name } });
			return project;
		});
}

async function freeSlug(trx: Transaction<DB>, base: string): Promise<string> {
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

export async function listProjectsForUser(userId: number): Promise<ProjectWithRole[]> {
	return memberProjects(getDb(), userId).orderBy('projects.name').execute() as Promise<ProjectWithRole[]>;
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

export async function listMembers(projectId: number): Promise<Member[]> {
	return getDb()
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['users.id as userId', 'users.email', 'users.name', 'projectMembers.role', 'projectMembers.addedAt'])
		.where('projectMembers.projectId', '=', projectId)
		.orderBy(sql`case project_members.role when 'owner' then 0 when 'translator' then 1 else 2 end`)
		.orderBy('users.name')
		.execute();
}

/** Adds an existing account to the project by email. */
export async function addMember(projectId: number, email: string, role: ProjectRole, actorId: number | null = null): Promise<Member> {
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const user = await trx
				.selectFrom('users')
				.select(['id', 'email', 'name', 'disabledAt'])
				.where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
				.executeTakeFirst();
			if (!user) {
				throw new DomainError('invalid', `Nobody has registered with ${email} yet. Ask them to create an account first.`, 'email');
			}
			if (user.disabledAt) throw new DomainError('invalid', `The account ${user.email} is disabled.`, 'email');
			const added = await trx
				.insertInto('projectMembers')
				.values({ projectId, userId: user.id, role })
				.onConflict((oc) => oc.columns(['projectId', 'userId']).doNothing())
				.returning(['role', 'addedAt'])
				.executeTakeFirst();
			if (!added) throw new DomainError('conflict', `${user.email} is already a member of this project.`, 'email');
			await recordAudit(trx, { projectId, actorId, action: 'member.added', details: { userId: user.id, name: user.name, role } });
			return { userId: user.id, email: user.email, name: user.name, ...added };
		});
}

/** Owners are locked before any change so two edits cannot leave the project without one. */
async function lockOwners(trx: Transaction<DB>, projectId: number): Promise<number[]> {
	const rows = await trx
		.selectFrom('projectMembers')
		.select('userId')
		.where('projectId', '=', projectId)
		.where('role', '=', 'owner')
		.forUpdate()
		.execute();
	return rows.map((r) => r.userId);
}

export async function changeMemberRole(projectId: number, userId: number, role: ProjectRole, actorId: number | null = null): Promise<void> {
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const owners = await lockOwners(trx, projectId);
			if (role !== 'owner' && owners.length === 1 && owners[0] === userId) {
				throw new DomainError('conflict', 'A project needs at least one owner. Make someone else an owner first.', 'role');
			}
			const before = await memberOf(trx, projectId, userId);
			if (before.role === role) return;
			await trx.updateTable('projectMembers').set({ role }).where('projectId', '=', projectId).where('userId', '=', userId).execute();
			await recordAudit(trx, { projectId, actorId, action: 'member.role_changed', details: { userId, name: before.name, from: before.role, to: role } });
		});
}

export async function removeMember(projectId: number, userId: number, actorId: number | null = null): Promise<void> {
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const owners = await lockOwners(trx, projectId);
			if (owners.length === 1 && owners[0] === userId) {
				throw new DomainError('conflict', 'A project needs at least one owner. Make someone else an owner first.');
			}
			const before = await memberOf(trx, projectId, userId);
			await trx.deleteFrom('projectMembers').where('projectId', '=', projectId).where('userId', '=', userId).execute();
			await recordAudit(trx, { projectId, actorId, action: 'member.removed', details: { userId, name: before.name, role: before.role } });
		});
}

async function memberOf(trx: Transaction<DB>, projectId: number, userId: number): Promise<{ role: ProjectRole; name: string }> {
	const row = await trx
		.selectFrom('projectMembers')
		.innerJoin('users', 'users.id', 'projectMembers.userId')
		.select(['projectMembers.role', 'users.name'])
		.where('projectMembers.projectId', '=', projectId)
		.where('projectMembers.userId', '=', userId)
		.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'That person is not a member of this project.');
	return row;
}
