import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed, type Membership } from '../permissions';
import { recordAudit } from '../activity/audit';
import type { ProjectAccess } from '../projects/projects';
import type { SegmentAccess } from '../documents/segments';
import { lookupUnits, type UnitMatch } from './lookup';
import { concordance, CONCORDANCE_LIMIT, type Concordance } from './concordance';
import { EXACT_SCORE } from '../../tm/score';
import { storableText } from '../../validation';

// The translation memory's doors: matches for the segment a translator is in, concordance
// search, and the project's settings. Who may read a unit: the members of its project, and no one
// else — a project reading another's memory (tm_shares) shows those units only to people who
// belong to both.

export const MATCH_LIMIT = 9;
/** The lowest threshold a project may set: below it, matches stop being worth reading. */
export const MIN_THRESHOLD = 50;

/** The projects whose units `actorId` may see from `projectId`: its own, and shared ones they belong to. */
export async function readableProjects(db: Database, access: Membership & { projectId: number }): Promise<number[]> {
	const shared = await db
		.selectFrom('tmShares as s')
		.innerJoin('projectMembers as m', (j) => j.onRef('m.projectId', '=', 's.sourceProjectId').on('m.userId', '=', access.actor.id))
		.select('s.sourceProjectId')
		.where('s.projectId', '=', access.projectId)
		.execute();
	return [access.projectId, ...shared.map((s) => s.sourceProjectId)];
}

export interface SegmentMatches {
	minScore: number;
	matches: UnitMatch[];
}

/** The memory's best matches for a segment's source, its own earlier approval left out. */
export async function segmentMatches(db: Database, segment: SegmentAccess): Promise<SegmentMatches> {
	requireAllowed(segment, 'read');
	const { rows } = await sql<{ sourceText: string; prevSource: string | null; nextSource: string | null; minScore: number }>`
		select s.source_text, prev.source_text as prev_source, next.source_text as next_source, p.tm_min_score as min_score
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		left join segments prev on prev.document_id = s.document_id and prev.position = s.position - 1
		left join segments next on next.document_id = s.document_id and next.position = s.position + 1
		where s.id = ${segment.id}`.execute(db);
	const row = rows[0];
	if (!row) throw new DomainError('not_found', 'No such segment.');
	const projectIds = await readableProjects(db, segment);
	const { matches } = await lookupUnits(db, {
		projectIds,
		source: row.sourceText,
		prevSource: row.prevSource,
		nextSource: row.nextSource,
		minScore: row.minScore,
		limit: MATCH_LIMIT,
		excludeSegmentId: segment.id
	});
	return { minScore: row.minScore, matches };
}

export const concordanceSchema = z.object({
	q: z
		.string({ error: 'Type a word or phrase to look for.' })
		.overwrite(storableText)
		.trim()
		.min(1, 'Type a word or phrase to look for.')
		.max(200, 'Look for at most 200 characters at a time.')
});

/** The newest units the member may read that hold the phrase in source or target, and whether there are more. */
export async function searchMemory(db: Database, project: ProjectAccess, input: Input<typeof concordanceSchema>): Promise<Concordance> {
	requireAllowed(project, 'read');
	const { q } = validate(concordanceSchema, input);
	return concordance(db, await readableProjects(db, { ...project, projectId: project.id }), q, CONCORDANCE_LIMIT);
}

export interface TmSettings {
	minScore: number;
	prefillScore: number | null;
	units: number;
}

export async function tmSettings(db: Database, project: ProjectAccess): Promise<TmSettings> {
	requireAllowed(project, 'read');
	const row = await db
		.selectFrom('projects')
		.select(['tmMinScore', 'tmPrefillScore'])
		.select((eb) =>
			eb
				.selectFrom('tmUnits')
				.select((e) => e.fn.countAll<string>().as('n'))
				.where('projectId', '=', project.id)
				.where('replacedAt', 'is', null)
				.as('units')
		)
		.where('id', '=', project.id)
		.executeTakeFirstOrThrow();
	return { minScore: row.tmMinScore, prefillScore: row.tmPrefillScore, units: Number(row.units ?? 0) };
}

const scoreField = (what: string, min: number, max: number) =>
	z.coerce
		.number({ error: `${what} must be a whole number from ${min} to ${max}.` })
		.int(`${what} must be a whole number from ${min} to ${max}.`)
		.min(min, `${what} must be at least ${min} %.`)
		.max(max, `${what} must be at most ${max} %.`);

export const tmSettingsSchema = z.object({
	minScore: scoreField('The lowest match shown', MIN_THRESHOLD, EXACT_SCORE),
	// Empty or null: never pre-fill.
	prefillScore: z.preprocess((v) => (v === '' || v === undefined ? null : v), scoreField('The pre-fill score', 75, 101).nullable())
});

export async function setTmSettings(db: Database, project: ProjectAccess, input: Input<typeof tmSettingsSchema>): Promise<TmSettings> {
	requireAllowed(project, 'manage');
	const { minScore, prefillScore } = validate(tmSettingsSchema, input);
	await inTransaction(db, async (trx) => {
		const before = await trx.selectFrom('projects').select(['tmMinScore', 'tmPrefillScore']).where('id', '=', project.id).forUpdate().executeTakeFirstOrThrow();
		if (before.tmMinScore === minScore && before.tmPrefillScore === prefillScore) return;
		await trx.updateTable('projects').set({ tmMinScore: minScore, tmPrefillScore: prefillScore }).where('id', '=', project.id).execute();
		await recordAudit(trx, {
			projectId: project.id,
			actorId: project.actor.id,
			action: 'project.tm_settings',
			details: { from: { minScore: before.tmMinScore, prefillScore: before.tmPrefillScore }, to: { minScore, prefillScore } }
		});
	});
	return tmSettings(db, project);
}
