import { inTransaction, type Database } from '../db/db';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { GlossaryEntry } from '../../glossary/types';
import type { ProjectAccess } from '../projects/projects';

// A project's termbase. Reading the accepted entries is what QA and the workspace need; proposals
// (a translator's suggestion waiting for an owner) take no part in checks until accepted.

/** The project's accepted entries, as the pure matcher and checks take them. */
export async function projectGlossary(db: Database, projectId: number): Promise<GlossaryEntry[]> {
	return db
		.selectFrom('glossaryEntries')
		.select(['id', 'source', 'target', 'status', 'caseSensitive', 'partOfSpeech', 'note'])
		.where('projectId', '=', projectId)
		.where('proposed', '=', false)
		.orderBy('source')
		.orderBy('id')
		.execute();
}

/** Adds accepted entries in one transaction (entries already validated, e.g. parsed from a file). */
export async function addEntries(db: Database, project: ProjectAccess, entries: readonly GlossaryEntry[]): Promise<number> {
	requireAllowed(project, 'manage');
	if (entries.length === 0) return 0;
	return inTransaction(db, async (trx) => {
		await trx
			.insertInto('glossaryEntries')
			.values(
				entries.map((e) => ({
					projectId: project.id,
					source: e.source,
					target: e.target,
					status: e.status,
					caseSensitive: e.caseSensitive,
					partOfSpeech: e.partOfSpeech ?? null,
					note: e.note ?? null,
					createdBy: project.actor.id,
					updatedBy: project.actor.id
				}))
			)
			.execute();
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'glossary.imported', details: { entries: entries.length } });
		return entries.length;
	});
}
