import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { CHECKS } from '../../qa/run';
import { DOCUMENT_CHECKS } from '../../qa/consistency';
import type { Severity } from '../../qa/types';
import type { ProjectAccess } from '../projects/projects';

// Which QA checks block publishing in a project: each check has a default severity (see
// src/lib/qa/run.ts); an owner may raise, lower or switch off any of them for the project.

export type SeverityOverrides = Partial<Record<string, Severity | 'off'>>;

const LEVELS = ['error', 'warning', 'info', 'off'] as const;
/** Every check a project can set a level for: the per-segment ones and the document-level ones. */
export const ALL_CHECKS: readonly { id: string; severity: Severity; label: string }[] = [...CHECKS, ...DOCUMENT_CHECKS];
const CHECK_IDS = ALL_CHECKS.map((check) => check.id);

export const qaSeveritiesSchema = z.object({
	severities: z.record(z.string(), z.enum(LEVELS, { message: 'Give error, warning, info or off.' })).superRefine((levels, ctx) => {
		const unknown = Object.keys(levels).filter((id) => !CHECK_IDS.includes(id));
		if (unknown.length) ctx.addIssue({ code: 'custom', message: `Name a QA check (${unknown.join(', ')} is none): ${CHECK_IDS.join(', ')}.` });
	})
});

/** The project's overrides (check id → level); a check not named keeps its default. */
export async function projectQaSeverities(db: Database, projectId: number): Promise<SeverityOverrides> {
	const row = await db.selectFrom('projects').select('qaSeverities').where('id', '=', projectId).executeTakeFirstOrThrow();
	return row.qaSeverities as SeverityOverrides;
}

/** Replaces the project's overrides; a level equal to the check's default is not stored. Audited. */
export async function setQaSeverities(db: Database, project: ProjectAccess, input: Input<typeof qaSeveritiesSchema>): Promise<SeverityOverrides> {
	requireAllowed(project, 'manage');
	const { severities } = validate(qaSeveritiesSchema, input);
	const overrides: SeverityOverrides = {};
	for (const check of ALL_CHECKS) {
		const level = severities[check.id];
		if (level !== undefined && level !== check.severity) overrides[check.id] = level;
	}
	await inTransaction(db, async (trx) => {
		const before = await trx.selectFrom('projects').select('qaSeverities').where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
		if (JSON.stringify(before.qaSeverities) === JSON.stringify(overrides)) return;
		await trx
			.updateTable('projects')
			.set({ qaSeverities: JSON.stringify(overrides) })
			.where('id', '=', project.id)
			.execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'project.qa_severities',
			details: { from: before.qaSeverities, to: overrides }
		});
	});
	return overrides;
}

/** The project's overrides, for any member (what the settings page and the API show). */
export async function qaLevels(db: Database, project: ProjectAccess): Promise<SeverityOverrides> {
	requireAllowed(project, 'read');
	return projectQaSeverities(db, project.id);
}

/** The settings form's fields (`level-<check id>`) as the verb's input. */
export function severitiesFromForm(values: Record<string, string>): { severities: Record<string, string> } {
	const severities: Record<string, string> = {};
	for (const [key, value] of Object.entries(values)) if (key.startsWith('level-')) severities[key.slice('level-'.length)] = value;
	return { severities };
}
