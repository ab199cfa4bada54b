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
// for units holding two of the sentence's rarest keys (tm_key_counts; one, for a short text or
// one with few keys), within the token-length window the score allows, and scores those exactly
// (src/lib/tm/score.ts). What it costs is the table pages of the units the index hands over, so
// the budgets below bound those. docs/tm-matching.md says what this guarantees, and
// bench/tm.bench.ts measures the recall against scoring every unit.

/** Keys probed at most: any unit within 11 edits of the sentence holds two of them. */
export const MAX_PROBE_KEYS = 24;
/** Units the probed keys may hold together before the lookup stops adding keys. */
export const PROBE_BUDGET = 4_000;
/**
 * Units this short have a GIN index of their own (migration 2026-12-04T0300), which a query of
 * up to 6 tokens at 50 % uses: the bound is written as a constant so the planner can match it.
 */
const SHORT_UNIT_TOKENS = 12;
/**
 * A sentence with this many keys probes for units holding two of them, not one: an edit removes
 * at most two keys, so a unit d edits away still holds p − 2d of the p probed, and asking for two
 * instead of one costs at most half an edit of what is certain to be found. Units sharing two
 * rare keys are few, so the index hands over the near matches rather than thousands of sentences
 * sharing one word, and the heap pages read (what a lookup costs at 1 M units) fall with them.
 */
const PAIRWISE_MIN_KEYS = 4;
/** Units the probed keys may hold together when two of them must be held; below 4 keys, one. */
export const PAIRWISE_BUDGET = 8_000;
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

	const window = lengthWindow(query.tokens.length, q.minScore);
	const short = window.max <= SHORT_UNIT_TOKENS;
	const counts = await keyCounts(db, keys);
	let probe = short ? [] : rarest(counts, PAIRWISE_BUDGET);
	const pairwise = probe.length >= PAIRWISE_MIN_KEYS;
	if (!pairwise) probe = rarest(counts, PROBE_BUDGET);
	stats.probed = probe.length;
	lap('probe');
	const holdsProbed = pairwise ? sql`source_keys @@ ${anyTwoOf(probe)}::query_int` : sql`source_keys && ${probe}::int4[]`;
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
				and ${holdsProbed}
				and source_tokens between ${window.min} and ${Math.min(window.max, 2_000_000_000)}
				${short ? sql`and source_tokens <= ${sql.lit(SHORT_UNIT_TOKENS)}` : sql``}
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

interface KeyCount {
	key: number;
	units: number;
}

/** The sentence's keys that any unit holds, rarest first. */
async function keyCounts(db: Database, keys: number[]): Promise<KeyCount[]> {
	if (keys.length === 0) return [];
	const { rows } = await sql<KeyCount>`
		select key, units from tm_key_counts where side = ${SOURCE_SIDE} and key = any(${keys}::int4[]) and units > 0`.execute(db);
	return rows.sort((a, b) => a.units - b.units);
}

/** The rarest keys, as many as the budget of units holding them allows (the rarest always). */
function rarest(counts: readonly KeyCount[], limit: number): number[] {
	const probe: number[] = [];
	let budget = 0;
	for (const row of counts) {
		if (probe.length >= MAX_PROBE_KEYS) break;
		if (probe.length > 0 && budget + row.units > limit) break;
		probe.push(row.key);
		budget += row.units;
	}
	return probe;
}

/**
 * A query_int true for an array holding any two of these keys, nested, (a & (b | c)) | (b & c),
 * rather than every pair spelled out: the index checks it against each unit holding one key, and
 * this form settles most of them after a few terms.
 */
function anyTwoOf(keys: readonly number[]): string {
	let rest = `${keys[keys.length - 1]}`;
	let any = '';
	for (let i = keys.length - 2; i >= 0; i--) {
		const pair = `${keys[i]}&(${rest})`;
		any = any ? `(${pair})|${any}` : `(${pair})`;
		rest = `${keys[i]}|${rest}`;
	}
	return any;
}
