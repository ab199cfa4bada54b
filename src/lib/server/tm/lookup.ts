import { sql } from 'kysely';
import type { Database } from '../db/db';
import type { Block } from '../../import/model';
import { indexKeys } from '../../tm/tokens';
import { CONTEXT_SCORE, EXACT_SCORE, Interner, lengthWindow, prepare, score } from '../../tm/score';
import { SOURCE_SIDE } from './units';

// Fuzzy lookup in a translation memory of millions of units, in tens of milliseconds.
//
// A unit that scores s against a sentence of n tokens shares most of its keys (words and pairs
// of Han characters): an edit removes at most two of them. So the lookup asks the GIN index only
// for units holding one of the sentence's rarest keys (tm_key_counts), within the token-length
// window the score allows, and scores those exactly (src/lib/tm/score.ts). Probing p keys finds
// every unit less than p/2 edits away; docs/tm-matching.md says what that guarantees, and
// bench/tm.bench.ts measures the recall against scoring every unit.

/** Keys probed at most: any unit within 11 edits of the sentence holds one of them. */
export const MAX_PROBE_KEYS = 24;
/** Units the probed keys may hold together before the lookup stops adding keys. */
export const PROBE_BUDGET = 4_000;
/** Candidates scored at most. */
export const CANDIDATE_CAP = 300;

export interface LookupQuery {
	projectIds: readonly number[];
	source: string;
	prevSource: string | null;
	nextSource: string | null;
	minScore: number;
	limit: number;
	/** Leave out this segment's own unit (a segment re-approved is not its own match). */
	excludeSegmentId?: number;
}

export interface UnitMatch {
	unitId: number;
	score: number;
	projectId: number;
	source: Block;
	sourceText: string;
	target: Block;
	targetText: string;
	documentId: number | null;
	documentTitle: string | null;
	author: string | null;
	createdAt: Date;
	origin: 'approval' | 'import';
}

/** A unit as read for scoring: its source and neighbours, nothing the score does not need. */
interface Candidate {
	id: number;
	sourceText: string;
	prevSource: string | null;
	nextSource: string | null;
}

export interface LookupStats {
	keys: number;
	probed: number;
	candidates: number;
	/** Milliseconds in each step: choosing keys, reading candidates, scoring them, reading the matches. */
	ms: { probe: number; read: number; score: number; details: number };
}

export async function lookupUnits(db: Database, q: LookupQuery): Promise<{ matches: UnitMatch[]; stats: LookupStats }> {
	const interner = new Interner();
	const query = prepare(q.source, interner);
	const keys = indexKeys(q.source);
	const stats: LookupStats = { keys: keys.length, probed: 0, candidates: 0, ms: { probe: 0, read: 0, score: 0, details: 0 } };
	let mark = performance.now();
	const lap = (step: keyof LookupStats['ms']) => {
		const now = performance.now();
		stats.ms[step] = now - mark;
		mark = now;
	};
	if (q.projectIds.length === 0 || query.tokens.length === 0) return { matches: [], stats };

	const probe = await probeKeys(db, keys);
	stats.probed = probe.length;
	lap('probe');
	const window = lengthWindow(query.tokens.length, q.minScore);
	const [exact, candidates] = await Promise.all([
		// The same source is always found, however common its words: the cap cannot cut it.
		sql<Candidate>`
			select id, source_text, prev_source, next_source from tm_units
			where replaced_at is null and project_id = any(${q.projectIds}::int4[]) and md5(source_text) = md5(${query.exact}) and source_text = ${query.exact}
			limit 50`.execute(db),
		probe.length === 0
			? { rows: [] }
			: // Those sharing the most keys with the sentence first: the best matches are among them.
				sql<Candidate>`
			select id, source_text, prev_source, next_source from tm_units
			where replaced_at is null and project_id = any(${q.projectIds}::int4[])
				and source_keys && ${probe}::int4[]
				and source_tokens between ${window.min} and ${Math.min(window.max, 2_000_000_000)}
			order by icount(source_keys & ${keys}::int4[]) desc
			limit ${CANDIDATE_CAP}`.execute(db)
	]);
	lap('read');
	const scored = new Map<number, number>();
	const consider = (row: Candidate) => {
		if (scored.has(row.id)) return;
		const s = score(query, prepare(row.sourceText, interner), { minScore: q.minScore });
		if (s === null) return;
		const inContext = s === EXACT_SCORE && sameNeighbour(row.prevSource, q.prevSource) && sameNeighbour(row.nextSource, q.nextSource);
		scored.set(row.id, inContext ? CONTEXT_SCORE : s);
	};
	exact.rows.forEach(consider);
	candidates.rows.forEach(consider);
	stats.candidates = candidates.rows.length;
	lap('score');
	if (scored.size === 0) return { matches: [], stats };

	const details = await sql<Omit<UnitMatch, 'score' | 'unitId'> & { id: number; segmentId: number | null }>`
		select u.id, u.project_id, u.source, u.source_text, u.target, u.target_text, u.document_id, u.document_title,
			coalesce(a.name, u.author_name) as author, u.created_at, u.origin, u.segment_id
		from tm_units u left join users a on a.id = u.created_by
		where u.id = any(${[...scored.keys()]}::int4[])`.execute(db);
	const ranked = details.rows
		.filter((d) => q.excludeSegmentId === undefined || d.segmentId !== q.excludeSegmentId)
		.map(({ id, segmentId: _segment, ...d }) => ({ unitId: id, score: scored.get(id)!, ...d }))
		.sort((a, b) => b.score - a.score || b.createdAt.getTime() - a.createdAt.getTime());
	// The same translation of the same source, approved twice, is one suggestion.
	const seen = new Set<string>();
	const matches = ranked.filter((m) => {
		const key = `${m.sourceText}\u0000${m.targetText}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	lap('details');
	return { matches: matches.slice(0, q.limit), stats };
}

const sameNeighbour = (a: string | null, b: string | null) => (a ?? '').normalize('NFC').trim() === (b ?? '').normalize('NFC').trim();

/** The sentence's rarest keys that any unit holds, as many as the budget allows. */
async function probeKeys(db: Database, keys: number[]): Promise<number[]> {
	if (keys.length === 0) return [];
	const { rows } = await sql<{ key: number; units: number }>`
		select key, units from tm_key_counts where side = ${SOURCE_SIDE} and key = any(${keys}::int4[]) and units > 0`.execute(db);
	rows.sort((a, b) => a.units - b.units);
	const probe: number[] = [];
	let budget = 0;
	for (const row of rows) {
		if (probe.length >= MAX_PROBE_KEYS) break;
		if (probe.length > 0 && budget + row.units > PROBE_BUDGET) break;
		probe.push(row.key);
		budget += row.units;
	}
	return probe;
}
