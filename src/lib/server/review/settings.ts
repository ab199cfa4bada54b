import { z } from 'zod';
import { switchSchema } from '../../validation';
import { inTransaction, type Database } from '../db/db';
import { validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { ProjectAccess } from '../projects/projects';

export const fourEyesSchema = z.object({ fourEyes: switchSchema('Say whether four-eyes review is on or off.') });

/** Turns four-eyes on or off for a project; recorded in the audit log. */
export async function setFourEyes(db: Database, project: ProjectAccess, input: Input<typeof fourEyesSchema>): Promise<{ fourEyes: boolean }> {
	requireAllowed(project, 'manage');
	const { fourEyes: on } = validate(fourEyesSchema, input);
	await inTransaction(db, async (trx) => {
		const before = await trx.selectFrom('projects').select('fourEyes').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
		if (before.fourEyes === on) return;
		await trx.updateTable('projects').set({ fourEyes: on }).where('id', '=', project.id).execute();
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'project.four_eyes', details: { from: before.fourEyes, to: on } });
	});
	return { fourEyes: on };
}

export async function fourEyesOf(db: Database, projectId: number): Promise<boolean> {
	const row = await db.selectFrom('projects').select('fourEyes').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.fourEyes;
}
