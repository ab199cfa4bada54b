import { z } from 'zod';
import type { Database, Trx } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import * as projects from '../projects/projects';
import type { AuthUser } from '../auth/sessions';
import { idSchema } from '../../validation';
import { sameLanguage } from '../../tm/lang';

// Which other projects' memories a project reads. Only someone who manages both may share: an
// owner of the reading project alone could otherwise read any memory by naming its project,
// and an owner of the source alone could push units into a project they do not run. Either
// side's owner may stop a share. The reading side is tm.readableProjects.

export interface MemoryShare {
	projectId: number;
	name: string;
	slug: string;
	/** This project reads that one's memory. */
	shared: boolean;
	/** The actor manages that project too, so may change the share. */
	canChange: boolean;
	units: number;
}

export const shareSchema = z.object({
	projectId: idSchema('Choose a project.'),
	sourceProjectId: idSchema('Choose the project whose memory to read.')
});

async function both(db: Database, actor: AuthUser, input: Input<typeof shareSchema>) {
	const { projectId, sourceProjectId } = validate(shareSchema, input);
	const [reader, source] = await Promise.all([
		projects.findProjectForMember(db, actor, { id: projectId }),
		projects.findProjectForMember(db, actor, { id: sourceProjectId })
	]);
	if (!reader) throw new DomainError('not_found', 'No such project.');
	if (!source) throw new DomainError('not_found', 'No such project to read the memory of.', 'sourceProjectId');
	if (reader.id === source.id) throw new DomainError('invalid', 'A project always reads its own memory.', 'sourceProjectId');
	return { reader, source };
}

const samePair = (a: { sourceLang: string; targetLang: string }, b: { sourceLang: string; targetLang: string }) =>
	sameLanguage(a.sourceLang, b.sourceLang) && sameLanguage(a.targetLang, b.targetLang);

/** Both projects' logs say it, each from its side. */
function auditShare(trx: Trx, action: 'tm.shared' | 'tm.unshared', actor: AuthUser, reader: projects.ProjectAccess, source: projects.ProjectAccess) {
	return recordAudit(
		trx,
		{ projectId: reader.id, actorId: actor.id, action, details: { sourceProjectId: source.id, sourceName: source.name, reads: true } },
		{ projectId: source.id, actorId: actor.id, action, details: { projectId: reader.id, projectName: reader.name, reads: false } }
	);
}

/** Lets `projectId` read `sourceProjectId`'s memory; the actor must manage both. */
export async function shareMemory(db: Database, actor: AuthUser, input: Input<typeof shareSchema>): Promise<void> {
	const { reader, source } = await both(db, actor, input);
	requireAllowed(reader, 'manage');
	requireAllowed(source, 'manage');
	if (!samePair(reader, source)) {
		throw new DomainError(
			'invalid',
			`“${source.name}” translates ${source.sourceLang} → ${source.targetLang}; this project translates ${reader.sourceLang} → ${reader.targetLang}.`,
			'sourceProjectId'
		);
	}
	await db.transaction().execute(async (trx) => {
		const added = await trx
			.insertInto('tmShares')
			.values({ projectId: reader.id, sourceProjectId: source.id, createdBy: actor.id })
			.onConflict((oc) => oc.columns(['projectId', 'sourceProjectId']).doNothing())
			.returning('projectId')
			.executeTakeFirst();
		if (!added) return;
		await auditShare(trx, 'tm.shared', actor, reader, source);
	});
}

/** Stops `projectId` reading `sourceProjectId`'s memory; an owner of either project may. */
export async function unshareMemory(db: Database, actor: AuthUser, input: Input<typeof shareSchema>): Promise<void> {
	const { reader, source } = await both(db, actor, input);
	if (!reader.may.manage && !source.may.manage) requireAllowed(reader, 'manage');
	await db.transaction().execute(async (trx) => {
		const removed = await trx
			.deleteFrom('tmShares')
			.where('projectId', '=', reader.id)
			.where('sourceProjectId', '=', source.id)
			.returning('projectId')
			.executeTakeFirst();
		if (!removed) return;
		await auditShare(trx, 'tm.unshared', actor, reader, source);
	});
}

/**
 * For a member of the project: the memories it reads, and for its owner also the other projects
 * they manage (which they may let it read).
 */
export async function listShares(db: Database, project: projects.ProjectAccess): Promise<MemoryShare[]> {
	requireAllowed(project, 'read');
	const rows = await db
		.selectFrom('projects as p')
		.innerJoin('projectMembers as m', (j) => j.onRef('m.projectId', '=', 'p.id').on('m.userId', '=', project.actor.id))
		.leftJoin('tmShares as s', (j) => j.onRef('s.sourceProjectId', '=', 'p.id').on('s.projectId', '=', project.id))
		.select(['p.id', 'p.name', 'p.slug', 'p.sourceLang', 'p.targetLang', 'm.role', 's.projectId as sharedInto'])
		.select((eb) =>
			eb
				.selectFrom('tmUnits')
				.select((e) => e.fn.countAll<string>().as('n'))
				.whereRef('tmUnits.projectId', '=', 'p.id')
				.where('tmUnits.replacedAt', 'is', null)
				.as('units')
		)
		.where('p.id', '!=', project.id)
		.orderBy('p.name')
		.execute();
	return rows
		.map((r) => ({
			projectId: r.id,
			name: r.name,
			slug: r.slug,
			shared: r.sharedInto !== null,
			canChange: project.may.manage && r.role === 'owner' && samePair(r, project),
			units: Number(r.units ?? 0)
		}))
		.filter((r) => r.shared || r.canChange);
}
