import { z } from 'zod';
import { switchSchema } from '../../validation';
import { inTransaction, type Database } from '../db/db';
import { validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { ProjectAccess } from './projects';

// Whether other sites may frame the project's public pages (/p/…). Off by default: a framed page
// can be passed off as the framing site's own text. The app's own pages are never framed.

export const publicEmbeddingSchema = z.object({ embeddable: switchSchema('Say whether other sites may embed the public pages.') });

/** Allows or forbids other sites to frame the project's public pages; recorded in the audit log. */
export async function setPublicEmbedding(db: Database, project: ProjectAccess, input: Input<typeof publicEmbeddingSchema>): Promise<{ embeddable: boolean }> {
	requireAllowed(project, 'manage');
	const { embeddable } = validate(publicEmbeddingSchema, input);
	await inTransaction(db, async (trx) => {
		const before = await trx.selectFrom('projects').select('publicEmbeddable').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
		if (before.publicEmbeddable === embeddable) return;
		await trx.updateTable('projects').set({ publicEmbeddable: embeddable }).where('id', '=', project.id).execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'project.public_embedding',
			details: { from: before.publicEmbeddable, to: embeddable }
		});
	});
	return { embeddable };
}

export async function publicEmbeddingOf(db: Database, projectId: number): Promise<boolean> {
	const row = await db.selectFrom('projects').select('publicEmbeddable').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.publicEmbeddable;
}
