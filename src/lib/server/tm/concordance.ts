import { sql } from 'kysely';
import type { Database } from '../db/db';
import { normalizeText, tokenize, hashKeys, keysOfTokens } from '../../tm/tokens';
import { findMatches } from '../../text/find-replace';
import { SOURCE_SIDE, TARGET_SIDE } from './units';

// Concordance: the units holding a phrase, in source or target, newest first. The phrase is looked
// for in each candidate by Postgres, case and width folded; Latin words match whole. How the
// candidates are found depends on how common the phrase's keys are (tm_key_counts), so that the
// work a search does is bounded either way:
// - a rare phrase: the GIN indexes give every unit holding all its keys (words and pairs of Han
//   characters), at most CANDIDATE_BUDGET of them, and those are sorted by age;
// - a common phrase, or one without keys (a lone Han character): the newest units are read in
//   steps, through the primary key, until enough hold it or RECENT_BUDGET units have been read.
// Left to itself the planner chose between these for every phrase alike, and for a rare one read
// a million units backwards through the primary key (1.7 s).

export const CONCORDANCE_LIMIT = 50;
/** Units holding every key of the phrase that are read at most through the GIN indexes. */
export const CANDIDATE_BUDGET = 2_000;
/** The newest units read at most for a common phrase; older ones holding it are not shown. */
export const RECENT_BUDGET = 100_000;
const RECENT_STEP = 5_000;

export interface ConcordanceHit {
	unitId: number;
	projectId: number;
	sourceText: string;
	targetText: string;
	documentId: number | null;
	documentTitle: string | null;
	author: string | null;
	createdAt: Date;
	/** Where the phrase is, as [start, end) offsets in sourceText / targetText. */
	sourceSpans: [number, number][];
	targetSpans: [number, number][];
}

export interface Concordance {
	/** The newest units holding the phrase, at most the limit. */
	hits: ConcordanceHit[];
	/** Other units hold it too, or may: older than those read for a common phrase. */
	more: boolean;
}

type Row = Omit<ConcordanceHit, 'unitId' | 'sourceSpans' | 'targetSpans'> & { id: number };

export async function concordance(db: Database, projectIds: readonly number[], phrase: string, limit = CONCORDANCE_LIMIT): Promise<Concordance> {
	const needle = normalizeText(phrase).replace(/\s+/gu, ' ').trim();
	if (needle === '' || projectIds.length === 0) return { hits: [], more: false };
	// A phrase's keys are those every text holding it has, whatever its length.
	const keys = hashKeys(keysOfTokens(tokenize(needle), { phrase: true }));
	const contains = (column: 'source' | 'target') => sql`strpos(lower(normalize(${sql.ref(`u.${column}_text`)}, NFKC)), ${needle}) > 0`;
	// The keys first: comparing two arrays is cheaper than folding a text.
	const holds = (column: 'source' | 'target') =>
		keys.length > 0 ? sql`(${sql.ref(`u.${column}_keys`)} @> ${keys}::int4[] and ${contains(column)})` : contains(column);
	const where = sql`u.replaced_at is null and u.project_id = any(${projectIds}::int4[])`;
	const columns = sql`u.id, u.project_id, u.source_text, u.target_text, u.document_id, u.document_title, u.author_name, u.created_by, u.created_at`;
	// One more than shown is looked for, to know whether there are more.
	const wanted = limit + 1;
	const found: ConcordanceHit[] = [];
	const result = (capped: boolean): Concordance => ({ hits: found.slice(0, limit), more: capped || found.length > limit });
	// A Latin phrase found inside a longer word is dropped, so a few more are read than are shown.
	const collect = (rows: readonly Row[]) => {
		for (const { id, ...row } of rows) {
			if (found.length >= wanted) return;
			const sourceSpans = spansOf(row.sourceText, needle);
			const targetSpans = spansOf(row.targetText, needle);
			if (sourceSpans.length > 0 || targetSpans.length > 0) found.push({ unitId: id, ...row, sourceSpans, targetSpans });
		}
	};

	if (keys.length > 0 && (await unitsHoldingAll(db, keys)) <= CANDIDATE_BUDGET) {
		// Materialised, so the GIN indexes find the candidates and the age order comes after.
		// The counts are estimates: should the candidates outnumber them, not all were read.
		const cap = CANDIDATE_BUDGET * 2;
		const { rows } = await sql<Row & { candidates: number }>`
			with candidates as materialized (
				select ${columns} from tm_units u
				where ${where} and (u.source_keys @> ${keys}::int4[] or u.target_keys @> ${keys}::int4[])
				limit ${cap})
			select u.id, u.project_id, u.source_text, u.target_text, u.document_id, u.document_title,
				coalesce(a.name, u.author_name) as author, u.created_at, (select count(*)::int from candidates) as candidates
			from candidates u left join users a on a.id = u.created_by
			where ${contains('source')} or ${contains('target')}
			order by u.id desc
			limit ${wanted * 2}`.execute(db);
		collect(rows.map(({ candidates: _candidates, ...row }) => row));
		return result(rows[0]?.candidates === cap);
	}

	const top = (await sql<{ id: number | null }>`select max(id) as id from tm_units`.execute(db)).rows[0]?.id ?? 0;
	const oldest = Math.max(0, top - RECENT_BUDGET);
	for (let high = top, step = RECENT_STEP; high > oldest && found.length < wanted; high -= step, step *= 2) {
		const { rows } = await sql<Row>`
			select u.id, u.project_id, u.source_text, u.target_text, u.document_id, u.document_title,
				coalesce(a.name, u.author_name) as author, u.created_at
			from tm_units u left join users a on a.id = u.created_by
			where u.id <= ${high} and u.id > ${Math.max(high - step, oldest)} and ${where} and (${holds('source')} or ${holds('target')})
			order by u.id desc
			limit ${(wanted - found.length) * 2}`.execute(db);
		collect(rows);
	}
	return result(oldest > 0);
}

/**
 * How many units may hold every one of these keys, in source or target: for each side, the
 * count of its rarest key. An estimate (counts lag behind writes a little), used to choose a plan.
 */
async function unitsHoldingAll(db: Database, keys: readonly number[]): Promise<number> {
	const { rows } = await sql<{ units: number; keys: number }>`
		select min(units)::int as units, count(*)::int as keys from tm_key_counts
		where key = any(${keys}::int4[]) and side in (${SOURCE_SIDE}, ${TARGET_SIDE}) group by side`.execute(db);
	// A key no unit holds on a side rules that side out.
	return rows.reduce((sum, side) => sum + (side.keys === keys.length ? side.units : 0), 0);
}

const LATIN_WORD = /^(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}]$/u;

/**
 * Where `needle` (normalised) occurs in `text`, as offsets of `text`: find and replace's search,
 * width folded. A Latin word is matched whole; Han characters have no word edges to respect.
 */
export function spansOf(text: string, needle: string): [number, number][] {
	const latin = (ch: string | undefined) => ch !== undefined && LATIN_WORD.test(ch);
	return findMatches(text, needle, { foldWidth: true })
		.filter(({ start, end }) => !(latin(text[start - 1]) && latin(text[start])) && !(latin(text[end - 1]) && latin(text[end])))
		.map(({ start, end }) => [start, end]);
}
