import { sql } from 'kysely';
import type { Database } from '../db/db';
import { projectGlossary } from '../glossary/glossary';
import type { GlossaryEntry } from '../../glossary/types';

// The glossary check compiles its matcher once per glossary array (a WeakMap in
// src/lib/glossary/check.ts). Handing it the same array while the glossary is unchanged keeps a
// save's QA from re-indexing thousands of entries; a cheap fingerprint says when it changed.

const cache = new Map<number, { fingerprint: string; entries: GlossaryEntry[] }>();
const MAX_PROJECTS = 200;

export async function projectGlossaryCached(db: Database, projectId: number): Promise<GlossaryEntry[]> {
	// Adding or deleting changes the count or the sum of ids; an edit moves updated_at.
	const { rows } = await sql<{ fingerprint: string }>`
		select count(*)::text || ':' || coalesce(sum(id), 0)::text || ':' || coalesce(max(updated_at)::text, '') as fingerprint
		from glossary_entries where project_id = ${projectId} and not proposed`.execute(db);
	const fingerprint = rows[0].fingerprint;
	const known = cache.get(projectId);
	if (known?.fingerprint === fingerprint) return known.entries;
	const entries = await projectGlossary(db, projectId);
	if (cache.size >= MAX_PROJECTS) cache.delete(cache.keys().next().value!);
	cache.set(projectId, { fingerprint, entries });
	return entries;
}
