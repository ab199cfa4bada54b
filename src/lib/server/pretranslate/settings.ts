import type { Database } from '../db/db';

export type PretranslateMode = 'all' | 'tm';

export interface PretranslateSettings {
	engineId: number | null;
	engineName: string | null;
	prefillScore: number | null;
}

/** What a pre-translation can draw on in this project: its engine and its memory's pre-fill score. */
export async function pretranslateSettings(db: Database, projectId: number): Promise<PretranslateSettings> {
	const row = await db
		.selectFrom('projects')
		.leftJoin('mtEngines', 'mtEngines.id', 'projects.mtEngineId')
		.select(['mtEngines.id as engineId', 'mtEngines.name as engineName', 'projects.tmPrefillScore as prefillScore'])
		.where('projects.id', '=', projectId)
		.executeTakeFirstOrThrow();
	return { engineId: row.engineId ?? null, engineName: row.engineName ?? null, prefillScore: row.prefillScore };
}
