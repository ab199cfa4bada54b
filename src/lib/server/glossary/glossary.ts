import { sql } from 'kysely';
import { inTransaction, type Database, type Trx } from '../db/db';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { DomainError, validate, type Input } from '../errors';
import { MAX_GLOSSARY_ENTRIES, searchSchema } from './schema';
import type { GlossaryEntry, TermStatus } from '../../glossary/types';
import type { ProjectAccess } from '../projects/projects';

// A project's termbase. Reading the accepted entries is what QA and the workspace need; proposals
// (a translator's suggestion waiting for an owner) take no part in checks until accepted.

/** The project's accepted entries, as the pure matcher and checks take them. */
export async function projectGlossary(db: Database, projectId: number): Promise<GlossaryEntry[]> {
	return db
		.selectFrom('glossaryEntries')
		.select(['id', 'source', 'target', 'status', 'caseSensitive', 'partOfSpeech', 'note'])
		.where('projectId', '=', projectId)
		.where('proposed', '=', false)
		.orderBy('source')
		.orderBy('id')
		.execute();
}

/** Adds accepted entries in one transaction (entries already validated, e.g. parsed from a file). */
export async function addEntries(db: Database, project: ProjectAccess, entries: readonly GlossaryEntry[]): Promise<number> {
	requireAllowed(project, 'edit_glossary');
	if (entries.length === 0) return 0;
	return inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		await requireRoom(trx, project.id, entries.length);
		await trx
			.insertInto('glossaryEntries')
			.values(entries.map((e) => entryRow(project, e, false)))
			.execute();
		await recordAudit(trx, { projectId: project.id, actorId: project.actor.id, action: 'glossary.imported', details: { entries: entries.length } });
		return entries.length;
	});
}

/** The columns a new entry is written with. */
export function entryRow(project: ProjectAccess, e: GlossaryEntry, proposed: boolean) {
	return {
		projectId: project.id,
		source: e.source,
		target: e.target,
		status: e.status,
		caseSensitive: e.caseSensitive,
		partOfSpeech: e.partOfSpeech ?? null,
		note: e.note ?? null,
		proposed,
		createdBy: project.actor.id,
		updatedBy: project.actor.id
	};
}

// Serialises a project's glossary writes, so that the duplicate check and the cap hold under
// concurrent additions (there is no unique index: a term may have several renditions).
const GLOSSARY_LOCK = 7_301_012;

export async function lockGlossary(trx: Trx, projectId: number): Promise<void> {
	await sql`select pg_advisory_xact_lock(${GLOSSARY_LOCK}, ${projectId})`.execute(trx);
}

/** Entries in the project: all of them (what the cap counts), or only the accepted ones. */
export async function countEntries(db: Database | Trx, projectId: number, acceptedOnly = false): Promise<number> {
	let query = db
		.selectFrom('glossaryEntries')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('projectId', '=', projectId);
	if (acceptedOnly) query = query.where('proposed', '=', false);
	return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Refuses a write that would take the glossary past its cap. */
export async function requireRoom(trx: Database | Trx, projectId: number, adding: number): Promise<void> {
	const count = await countEntries(trx, projectId);
	if (count + adding > MAX_GLOSSARY_ENTRIES) {
		const message =
			adding === 1
				? `The glossary is full: a project holds at most ${MAX_GLOSSARY_ENTRIES.toLocaleString('en')} entries. Delete some first.`
				: `The glossary would have ${(count + adding).toLocaleString('en')} entries; a project holds at most ${MAX_GLOSSARY_ENTRIES.toLocaleString('en')}. Nothing was imported.`;
		throw new DomainError('conflict', message);
	}
}

/** One entry as the glossary page and the API show it: with who proposed or last changed it, and when. */
export interface EntryView {
	id: number;
	source: string;
	target: string;
	status: TermStatus;
	caseSensitive: boolean;
	partOfSpeech: string | null;
	note: string | null;
	proposed: boolean;
	createdBy: number | null;
	createdByName: string | null;
	createdAt: Date;
	updatedByName: string | null;
	updatedAt: Date;
}

function entryViews(db: Database | Trx, projectId: number) {
	return db
		.selectFrom('glossaryEntries as g')
		.leftJoin('users as creator', 'creator.id', 'g.createdBy')
		.leftJoin('users as updater', 'updater.id', 'g.updatedBy')
		.select([
			'g.id',
			'g.source',
			'g.target',
			'g.status',
			'g.caseSensitive',
			'g.partOfSpeech',
			'g.note',
			'g.proposed',
			'g.createdBy',
			'creator.name as createdByName',
			'g.createdAt',
			'updater.name as updatedByName',
			'g.updatedAt'
		])
		.where('g.projectId', '=', projectId);
}

/** The most entries one page of the glossary shows; a search narrows the rest. */
export const LIST_LIMIT = 500;

export interface GlossaryListing {
	entries: EntryView[];
	proposals: EntryView[];
	/** Accepted entries in the project, and how many of them the search matches. */
	total: number;
	matching: number;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Accepted entries and proposals, optionally narrowed by a term (in source, target or note) and a status. */
export async function listEntries(
	db: Database,
	project: ProjectAccess,
	input: Input<typeof searchSchema> = {},
	limit: number = LIST_LIMIT
): Promise<GlossaryListing> {
	requireAllowed(project, 'read');
	const { q, status } = validate(searchSchema, input);
	let query = entryViews(db, project.id);
	if (q) {
		const pattern = likePattern(q);
		query = query.where((eb) => eb.or([eb('g.source', 'ilike', pattern), eb('g.target', 'ilike', pattern), eb('g.note', 'ilike', pattern)]));
	}
	if (status) query = query.where('g.status', '=', status);
	const [rows, total] = await Promise.all([query.orderBy('g.source').orderBy('g.id').execute(), countEntries(db, project.id, true)]);
	const accepted = rows.filter((r) => !r.proposed);
	return { entries: accepted.slice(0, limit), proposals: rows.filter((r) => r.proposed), total, matching: accepted.length };
}

/** One entry of the project, or null. */
export async function findEntry(db: Database | Trx, projectId: number, entryId: number): Promise<EntryView | null> {
	return (await entryViews(db, projectId).where('g.id', '=', entryId).executeTakeFirst()) ?? null;
}
