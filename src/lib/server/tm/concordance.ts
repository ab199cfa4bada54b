import { sql } from 'kysely';
import type { Database } from '../db/db';
import { normalizeText, tokenize, hashKeys, keysOfTokens } from '../../tm/tokens';
import { findMatches } from '../../text/find-replace';

// Concordance: the units holding a phrase, in source or target. The GIN indexes narrow the units
// to those holding every key of the phrase (its words and pairs of Han characters); the phrase
// itself is then looked for in each by Postgres, case and width folded; Latin words match whole.

export const CONCORDANCE_LIMIT = 50;

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

export async function concordance(db: Database, projectIds: readonly number[], phrase: string, limit = CONCORDANCE_LIMIT): Promise<ConcordanceHit[]> {
	const needle = normalizeText(phrase).replace(/\s+/gu, ' ').trim();
	if (needle === '' || projectIds.length === 0) return [];
	// A phrase's keys are those every text holding it has, whatever its length.
	const keys = hashKeys(keysOfTokens(tokenize(needle), { phrase: true }));
	const holds = (column: 'source' | 'target') => {
		const text = sql.ref(`u.${column}_text`);
		const contains = sql`strpos(lower(normalize(${text}, NFKC)), ${needle}) > 0`;
		return keys.length > 0 ? sql`(${sql.ref(`u.${column}_keys`)} @> ${keys}::int4[] and ${contains})` : contains;
	};
	// A Latin phrase found inside a longer word is dropped below, so a few more are read.
	const { rows } = await sql<Omit<ConcordanceHit, 'unitId' | 'sourceSpans' | 'targetSpans'> & { id: number }>`
		select u.id, u.project_id, u.source_text, u.target_text, u.document_id, u.document_title,
			coalesce(a.name, u.author_name) as author, u.created_at
		from tm_units u left join users a on a.id = u.created_by
		where u.replaced_at is null and u.project_id = any(${projectIds}::int4[]) and (${holds('source')} or ${holds('target')})
		order by u.id desc
		limit ${limit * 2}`.execute(db);
	const found: ConcordanceHit[] = [];
	for (const { id, ...row } of rows) {
		const sourceSpans = spansOf(row.sourceText, needle);
		const targetSpans = spansOf(row.targetText, needle);
		if (sourceSpans.length === 0 && targetSpans.length === 0) continue;
		found.push({ unitId: id, ...row, sourceSpans, targetSpans });
		if (found.length >= limit) break;
	}
	return found;
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
