import { sql } from 'kysely';
import { getDb, type Database } from '../db/db';
import { membership, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { DomainError } from '../errors';
import { blockFromPlainText, isBlock, plainText, type Block } from '../../import/model';
import { wordDiff, diffStats, type WordDiff } from '../../diff';
import { stateAfterSave } from '../../text/segment-state';
import { segmentTransition } from '../../review/transitions';
import { PROJECT_ACTIONS } from '../permissions';
import type { ProjectRole, RevisionOrigin, SegmentState } from '../db/schema.generated';

/** A segment as a member of its project sees it, with their membership: what segment verbs take. */
export interface SegmentAccess extends Membership {
	id: number;
	documentId: number;
	projectId: number;
	targetLang: string;
	/** The source block: a plain-text save takes its shape (paragraph, or heading of its level). */
	source: Block;
	snapshot: SegmentSnapshot;
}

/** What a save compares against and diffs from, as read before the save. */
export interface SegmentSnapshot {
	currentRevisionId: number | null;
	state?: SegmentState;
	text: string | null;
	content: unknown;
	mtText: string | null;
}

export interface RevisionSummary {
	id: number;
	parentId: number | null;
	origin: RevisionOrigin;
	author: string | null;
	text: string;
	content: Block;
	wordsInserted: number;
	wordsDeleted: number;
	secondsSpent: number;
	createdAt: Date;
}

export interface CurrentVersion {
	revisionId: number | null;
	text: string;
	content: Block | null;
	author: string | null;
	createdAt: Date | null;
}

export type SaveResult =
	| { ok: true; revisionId: number; state: SegmentState; unchanged: boolean }
	| { ok: false; current: CurrentVersion };

export async function findSegmentForMember(db: Database, actor: AuthUser, segmentId: number): Promise<SegmentAccess | null> {
	const userId = actor.id;
	// Every save starts here, so this is plain SQL: building and compiling the same six-way join
	// with the query builder cost a fifth of the server's time per save (bench/save.bench.ts).
	// The save's snapshot comes with the permission check: one query instead of two per save.
	const { rows } = await sql<Omit<SegmentAccess, 'snapshot' | 'source' | keyof Membership> & { role: ProjectRole } & Required<SegmentSnapshot> & { source: unknown }>`
		select s.id, s.document_id, d.project_id, me.role, p.target_lang, s.source,
			s.current_revision_id, s.state, cur.text, cur.content, mt.text as mt_text
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		join project_members me on me.project_id = d.project_id and me.user_id = ${userId}
		left join revisions cur on cur.id = s.current_revision_id
		left join revisions mt on mt.id = s.mt_revision_id
		where s.id = ${segmentId}`.execute(db);
	const row = rows[0];
	if (!row) return null;
	const { currentRevisionId, state, text, content, mtText, role, ...access } = row;
	remember(segmentFacts, row.id, { source: row.source as Block, targetLang: row.targetLang, mtText });
	if (currentRevisionId !== null && text !== null) remember(revisionBodies, currentRevisionId, { text, content });
	return { ...access, ...membership(actor, role), source: row.source as Block, snapshot: { currentRevisionId, state, text, content, mtText } };
}

export interface SaveInput {
	segmentId: number;
	authorId: number;
	content: Block;
	/** The revision the edit started from; null for a segment that had none. */
	baseRevisionId: number | null;
	secondsSpent?: number;
	origin?: Extract<RevisionOrigin, 'human' | 'restore'>;
	locale?: string;
	/**
	 * 'review': a reviewer's edit of a segment in review; it stays submitted (someone approves it)
	 * and the translator sees it as a tracked change. Default 'translate': the segment leaves
	 * review, if it was in it, and the document needs another round.
	 */
	mode?: 'translate' | 'review';
	/** Also require, in the same statement, that this user is a member with one of these roles. */
	member?: { userId: number; roles: readonly ProjectRole[] };
}

/**
 * Saves a segment as a new revision if, and only if, `baseRevisionId` is still its current
 * revision; otherwise returns the current version so the caller can show the conflict. Never
 * overwrites anyone's work.
 *
 * The diff is computed before any lock is taken (a long Chinese paragraph can take a few hundred
 * milliseconds), then one statement locks the segment, re-checks the base, inserts the revision
 * and moves the segment to it: a compare-and-set that is a single transaction and one round trip.
 */
export async function saveRevision(input: SaveInput, snapshot?: SegmentSnapshot): Promise<SaveResult> {
	const text = plainText(input.content);
	const seen = snapshot ?? (await readSnapshot(input.segmentId));
	if (seen.currentRevisionId !== input.baseRevisionId) return conflict(input.segmentId);

	const review = input.mode === 'review';
	const transition = segmentTransition(seen.state ?? 'edited', review ? 'review_edit' : 'translate', stateAfterSave(text, seen.mtText ?? null));
	if (!transition.ok) throw new DomainError('conflict', transition.message);
	const state = transition.to;
	// Saving what is already there records nothing new.
	if (seen.currentRevisionId !== null && sameJson(seen.content, input.content)) {
		return { ok: true, revisionId: seen.currentRevisionId, state: seen.state ?? state, unchanged: true };
	}
	const rows = await applySave(input, seen, text, state);
	if (rows.length === 0) return conflict(input.segmentId, review ? input.baseRevisionId : undefined);
	return { ok: true, revisionId: rows[0].id, state, unchanged: false };
}

/** The compare-and-set itself: the new revision's id, or no row when a condition did not hold. */
async function applySave(input: SaveInput, seen: SegmentSnapshot, text: string, state: SegmentState): Promise<{ id: number }[]> {
	const review = input.mode === 'review';
	const diff = wordDiff(seen.text ?? '', text, { locale: input.locale });
	const stats = diffStats(diff.parts, input.locale);

	// `for update` waits for a concurrent save or review decision and then re-evaluates the
	// conditions against the row it committed, so of two saves on the same base exactly one finds
	// its row. Leaving review (or editing in it) is written to the audit log in the same statement.
	const { rows } = await sql<{ id: number }>`
		with target as (
			select id, document_id, state as old_state from segments
			where id = ${input.segmentId} and current_revision_id is not distinct from ${input.baseRevisionId}
				and (${!review} or state in ('submitted', 'changes_requested'))
				and (${!input.member} or exists (
					select 1 from documents d join project_members me on me.project_id = d.project_id
					where d.id = segments.document_id and me.user_id = ${input.member?.userId ?? null}::integer
						-- A comma-separated list: PGlite and pg pass array parameters differently.
						and me.role::text = any(string_to_array(${input.member?.roles.join(',') ?? ''}, ','))))
			for update
		), inserted as (
			insert into revisions (segment_id, parent_id, author_id, origin, content, text, diff, words_inserted, words_deleted, seconds_spent, in_review)
			select target.id, ${input.baseRevisionId}::integer, ${input.authorId}, ${input.origin ?? 'human'}::revision_origin,
				${JSON.stringify(input.content)}::jsonb, ${text}, ${JSON.stringify(diff)}::jsonb,
				${stats.wordsInserted}, ${stats.wordsDeleted}, ${Math.max(0, Math.min(Math.round(input.secondsSpent ?? 0), 24 * 3600))}, ${review}
			from target
			returning id
		), audited as (
			insert into audit_events (project_id, document_id, segment_id, actor_id, action, details)
			select documents.project_id, documents.id, target.id, ${input.authorId},
				case when ${review} then 'segment.review_edit' else 'segment.reopened' end,
				jsonb_build_object('from', target.old_state, 'to', ${state}::text, 'revisionId', inserted.id)
			from target join inserted on true join documents on documents.id = target.document_id
			where target.old_state in ('submitted', 'approved', 'changes_requested')
		)
		update segments set current_revision_id = inserted.id, state = ${state}::segment_state, updated_at = now()
		from inserted where segments.id = ${input.segmentId}
		returning inserted.id`.execute(getDb());
	if (rows[0]) remember(revisionBodies, rows[0].id, { text, content: input.content });
	return rows;
}

// Facts that never change, remembered per process so that most saves take one round trip: a
// segment's source, language and MT are fixed at import, and revisions are immutable.
const MAX_REMEMBERED = 20_000;
const segmentFacts = new Map<number, { source: Block; targetLang: string; mtText: string | null }>();
const revisionBodies = new Map<number, { text: string; content: unknown }>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
	if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as K);
	map.set(key, value);
}

/**
 * A translator's save of a segment this process has seen, based on a revision it knows: the
 * membership check and the compare-and-set in one statement, no lookup first. Null means "use
 * the careful path" (nothing remembered, an unchanged save, or the statement found no row:
 * not a member, not allowed, or a conflict), which then says which it was.
 */
export async function saveRemembered(input: {
	segmentId: number;
	authorId: number;
	baseRevisionId: number | null;
	text?: string;
	content?: Block;
	secondsSpent?: number;
}): Promise<Extract<SaveResult, { ok: true }> | null> {
	const facts = segmentFacts.get(input.segmentId);
	const base = input.baseRevisionId === null ? { text: '', content: null } : revisionBodies.get(input.baseRevisionId);
	if (!facts || !base) return null;
	const content = input.content ?? blockFromPlainText(input.text ?? '', facts.source);
	if (!isBlock(content) || sameJson(base.content, content)) return null;
	const text = plainText(content);
	const state = stateAfterSave(text, facts.mtText);
	const save: SaveInput = {
		segmentId: input.segmentId,
		authorId: input.authorId,
		content,
		baseRevisionId: input.baseRevisionId,
		secondsSpent: input.secondsSpent,
		locale: facts.targetLang,
		member: { userId: input.authorId, roles: PROJECT_ACTIONS.translate.roles }
	};
	const seen = { currentRevisionId: input.baseRevisionId, text: base.text, content: base.content, mtText: facts.mtText };
	const rows = await applySave(save, seen, text, state);
	return rows[0] ? { ok: true, revisionId: rows[0].id, state, unchanged: false } : null;
}

async function readSnapshot(segmentId: number): Promise<SegmentSnapshot> {
	const seen = await getDb()
		.selectFrom('segments')
		.leftJoin('revisions as cur', 'cur.id', 'segments.currentRevisionId')
		.leftJoin('revisions as mt', 'mt.id', 'segments.mtRevisionId')
		.select(['segments.currentRevisionId', 'segments.state', 'cur.text', 'cur.content', 'mt.text as mtText'])
		.where('segments.id', '=', segmentId)
		.executeTakeFirst();
	if (!seen) throw new DomainError('not_found', 'No such segment.');
	return seen;
}

/**
 * What the segment holds now, for the 409. A review edit whose base is still current lost to a
 * state change (approved or reopened meanwhile), not to another edit: that is said instead.
 */
async function conflict(segmentId: number, reviewBase?: number | null): Promise<SaveResult> {
	const current = await getDb()
		.selectFrom('segments')
		.leftJoin('revisions as cur', 'cur.id', 'segments.currentRevisionId')
		.leftJoin('users', 'users.id', 'cur.authorId')
		.select(['cur.id', 'cur.text', 'cur.content', 'cur.createdAt', 'cur.origin', 'users.name', 'segments.state'])
		.where('segments.id', '=', segmentId)
		.executeTakeFirstOrThrow();
	if (reviewBase !== undefined && current.id === reviewBase) {
		const transition = segmentTransition(current.state, 'review_edit');
		if (!transition.ok) throw new DomainError('conflict', transition.message);
	}
	return {
		ok: false,
		current: {
			revisionId: current.id,
			text: current.text ?? '',
			content: (current.content as Block | null) ?? null,
			author: current.id === null ? null : current.origin === 'mt' ? 'Machine translation' : (current.name ?? 'A former member'),
			createdAt: current.createdAt
		}
	};
}

/**
 * Equal as JSON values. Not JSON.stringify: jsonb hands objects back with its own key order
 * ({"text", "type"}), so a stored block never serialises like the same block from the editor.
 */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const entries = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
	const left = entries(a);
	const right = new Map(entries(b));
	return left.length === right.size && left.every(([k, v]) => right.has(k) && sameJson(v, right.get(k)));
}

function revisionsOf(segmentId: number) {
	return getDb()
		.selectFrom('revisions')
		.leftJoin('users', 'users.id', 'revisions.authorId')
		.select([
			'revisions.id',
			'revisions.parentId',
			'revisions.origin',
			'users.name as author',
			'revisions.text',
			'revisions.content',
			'revisions.wordsInserted',
			'revisions.wordsDeleted',
			'revisions.secondsSpent',
			'revisions.createdAt'
		])
		.where('revisions.segmentId', '=', segmentId);
}

export async function listRevisions(segmentId: number): Promise<RevisionSummary[]> {
	const rows = await revisionsOf(segmentId)
		.orderBy('revisions.id', 'desc')
		.execute();
	return rows.map((r) => ({ ...r, content: r.content as Block }));
}

export async function getRevision(segmentId: number, revisionId: number): Promise<RevisionSummary | null> {
	const row = await revisionsOf(segmentId)
		.where('revisions.id', '=', revisionId)
		.executeTakeFirst();
	return row ? { ...row, content: row.content as Block } : null;
}

/** Word diff between two revisions of one segment (bounded; see wordDiff). */
export async function diffRevisions(segmentId: number, fromId: number, toId: number, locale?: string): Promise<WordDiff> {
	const [from, to] = await Promise.all([getRevision(segmentId, fromId), getRevision(segmentId, toId)]);
	if (!from || !to) throw new DomainError('not_found', 'Both revisions must belong to this segment.');
	return wordDiff(from.text, to.text, { locale });
}

/** Makes an earlier revision current again, as a new `restore` revision on top of the base. */
export async function restoreRevision(input: {
	segmentId: number;
	revisionId: number;
	authorId: number;
	baseRevisionId: number | null;
	locale?: string;
}): Promise<SaveResult> {
	const old = await getRevision(input.segmentId, input.revisionId);
	if (!old) throw new DomainError('not_found', 'That revision does not belong to this segment.');
	return saveRevision({
		segmentId: input.segmentId,
		authorId: input.authorId,
		content: old.content,
		baseRevisionId: input.baseRevisionId,
		origin: 'restore',
		locale: input.locale
	});
}

/** Edit time per segment of a document, summed over its revisions, in one grouped query. */
export async function secondsSpentBySegment(documentId: number): Promise<Map<number, number>> {
	const rows = await getDb()
		.selectFrom('revisions')
		.innerJoin('segments', 'segments.id', 'revisions.segmentId')
		.select(['revisions.segmentId', sql<number>`sum(revisions.seconds_spent)::int`.as('seconds')])
		.where('segments.documentId', '=', documentId)
		.groupBy('revisions.segmentId')
		.execute();
	return new Map(rows.map((r) => [r.segmentId, r.seconds]));
}
