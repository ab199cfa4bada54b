import type { Database } from '../db/db';
import type { GlossaryEntry } from '../../glossary/types';

// A project's termbase. Reading the accepted entries is what QA and the workspace need; proposals
// (a translator's suggestion waiting for an owner) take no part in checks until accepted.

/** The project's accepted entries, as the pure matcher and checks take them. */
export async function projectGlossary(db: Database, projectId: number): Promise<GlossaryEntry[]> {
	const rows = await db
		.selectFrom('glossaryEntries')
		.select(['id', 'source', 'target', 'status', 'caseSensitive', 'partOfSpeech', 'note'])
		.where('projectId', '=', projectId)
		.where('proposed', '=', false)
		.orderBy('source')
		.orderBy('id')
		.execute();
	return rows;
}
