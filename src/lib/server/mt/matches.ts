import { z } from 'zod';
import type { Database } from '../db/db';
import { validate, type Input } from '../errors';
import { segmentMatches, type SegmentMatches } from '../tm/tm';
import { suggest, type MtSuggestion } from './suggest';
import type { SegmentAccess } from '../documents/segments';

// What GET /segments/{id}/matches answers: the memory's matches, then the project's engine's
// translation. The workspace asks for each on its own (`only`), so that a slow engine never keeps
// the memory's matches, which take milliseconds, from showing.

export const matchesQuerySchema = z.object({
	only: z.enum(['tm', 'mt'], { error: 'only must be “tm” or “mt”, or left out for both.' }).nullish()
});

export interface AllMatches {
	tm: SegmentMatches | null;
	/** Null when not asked for or when the project has no engine. */
	mt: MtSuggestion | null;
}

// The translator is waiting: one retry, not the job's three tries.
const SUGGESTION_OPTIONS = { attempts: 2, timeoutMs: 10_000 };

export async function allMatches(db: Database, segment: SegmentAccess, input: Input<typeof matchesQuerySchema>): Promise<AllMatches> {
	const { only } = validate(matchesQuerySchema, input);
	const [tm, mt] = await Promise.all([only === 'mt' ? null : segmentMatches(db, segment), only === 'tm' ? null : suggest(db, segment, SUGGESTION_OPTIONS)]);
	return { tm, mt };
}
