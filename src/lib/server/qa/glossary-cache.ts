import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/db';
import { projectGlossary } from '../glossary/glossary';
import type { GlossaryEntry } from '../../glossary/types';

// The glossary check compiles its matcher once per glossary array (a WeakMap in
// src/lib/glossary/check.ts). Handing it the same array while the glossary is unchanged keeps a
// save's QA from re-indexing thousands of entries; a cheap fingerprint says when it changed.

const cache = new Map<number, { fingerprint: string; entries: GlossaryEntry[] }>();
const MAX_PROJECTS = 200;

/** The fingerprint of a project's accepted glossary, as a fragment for a larger query. */
export const glossaryFingerprintSql = (projectId: RawBuilder<unknown> | number) => sql<string>`(
	select count(*)::text || ':' || coalesce(sum(id), 0)::text || ':' || coalesce(max(updated_at)::text, '')
	from glossary_entries where project_id = ${projectId} and not proposed)`;

export async function projectGlossaryCached(db: Database, projectId: number): Promise<GlossaryEntry[]> {
	// Adding or deleting changes the count or the sum of ids; an edit moves updated_at.
	const { rows } = await sql<{ fingerprint: string }>`select ${glossaryFingerprintSql(projectId)} as fingerprint`.execute(db);
	return glossaryWithFingerprint(db, projectId, rows[0].fingerprint);
}

/** The entries for a fingerprint read already (e.g. with a save's other lookups): cached while it holds. */
export async function glossaryWithFingerprint(db: Database, projectId: number, fingerprint: string): Promise<GlossaryEntry[]> {
	const known = cache.get(projectId);
	if (known?.fingerprint === fingerprint) return known.entries;
	const entries = await projectGlossary(db, projectId);
	if (cache.size >= MAX_PROJECTS) cache.delete(cache.keys().next().value!);
	cache.set(projectId, { fingerprint, entries });
	return entries;
}
