import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { ProjectAccess } from '../projects/projects';

const LIMIT_MESSAGE = 'Enter a percentage from 0 to 100, or leave it empty for no limit.';

/**
 * The publish gate's limit on unmodified MT as a person enters it: a percentage from 0 to 100
 * (a decimal comma or point, at most one decimal kept), or empty for no limit. The verb stores a
 * share from 0 to 1.
 */
export const publishLimitSchema = z.object({
	maxUnmodifiedMt: z
		.union([z.string(), z.number(), z.null()], { error: LIMIT_MESSAGE })
		.optional()
		.transform((value, ctx) => {
			const text = typeof value === 'string' ? value.trim() : value;
			if (text === undefined || text === null || text === '') return null;
			const percent = typeof text === 'number' ? text : /^\d{1,3}([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : NaN;
			if (Number.isFinite(percent) && percent >= 0 && percent <= 100) return Math.round(percent * 10) / 1000;
			ctx.addIssue({ code: 'custom', message: LIMIT_MESSAGE });
			return z.NEVER;
		})
});

export async function projectLimit(db: Database, projectId: number): Promise<number | null> {
	const row = await db.selectFrom('projects').select('maxUnmodifiedMt').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.maxUnmodifiedMt;
}

/** The project's publish limit on unmodified MT, a share from 0 to 1; null: no limit. */
export async function maxUnmodifiedMtOf(db: Database, projectId: number): Promise<number | null> {
	return projectLimit(db, projectId);
}

/** Sets the project's publish gate on unmodified MT (empty: no limit); recorded in the audit log. */
export async function setMaxUnmodifiedMt(
	db: Database,
	project: ProjectAccess,
	input: Input<typeof publishLimitSchema>
): Promise<{ maxUnmodifiedMt: number | null }> {
	requireAllowed(project, 'manage');
	const { maxUnmodifiedMt: limit } = validate(publishLimitSchema, input);
	await inTransaction(db, async (trx) => {
		const before = await projectLimit(trx, project.id);
		if (before === limit) return;
		await trx.updateTable('projects').set({ maxUnmodifiedMt: limit }).where('id', '=', project.id).execute();
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'project.max_unmodified_mt', details: { from: before, to: limit } });
	});
	return { maxUnmodifiedMt: limit };
}
