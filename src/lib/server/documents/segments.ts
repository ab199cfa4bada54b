import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/db';
import { membership, requireAllowed, PROJECT_ACTIONS, type Membership } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { DomainError, validate, type Input } from '../errors';
import { MAX_ID, storableText } from '../../validation';
import { blockFromPlainText, isBlock, plainText, sameBlock, type Block } from '../../import/model';
import { blockOverLimit, MAX_SEGMENT_CHARS } from '../../import/block-limits';
import { wordDiff, diffStats } from '../../diff';
import { differsFromMt, stateAfterSave } from '../../text/segment-state';
import { LIVE_CHANNEL } from '../../live/protocol';
import { conflict, nowOf } from './segment-now';
import { REVIEW_EDITABLE, reviewerMayEdit, segmentTransition } from '../../review/transitions';
import { blockSchema } from '../../import/input';
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
	state: SegmentState;
	text: string | null;
	content: unknown;
	mtText: string | null;
	lastEditor: string | null;
	updatedAt: Date;
	confirmedRevisionId: number | null;
}

/** The segment as it is now, after a save or a refused one: what the browser shows without guessing. */
export interface SegmentNow {
	id: number;
	revisionId: number | null;
	state: SegmentState;
	text: string;
	content: Block | null;
	lastEditor: string | null;
	differsFromMt: boolean;
	/** Confirmed as done: the current revision is the one last confirmed (confirmations.ts). */
	confirmed: boolean;
	updatedAt: Date;
}

/** The current revision, as a conflict shows it beside the edit that lost. */
export interface CurrentVersion {
	revisionId: number | null;
	text: string;
	content: Block | null;
	author: string | null;
	createdAt: Date | null;
}

export type SaveOutcome = { ok: true; unchanged: boolean; segment: SegmentNow } | { ok: false; message: string; current: CurrentVersion; segment: SegmentNow };

const TOO_LONG = `Use at most ${MAX_SEGMENT_CHARS.toLocaleString('en')} characters in a segment; break a longer text into paragraphs.`;
const EMPTY = 'Type a translation; a segment cannot be saved empty.';
const baseRevisionIdSchema = (message: string) => z.number({ error: message }).int(message).positive(message).max(MAX_ID, message).nullable();

/** One save, whichever field carries the text: both obey the same limits, those of the model (block-limits). */
export const saveSchema = z
	.object({
		baseRevisionId: baseRevisionIdSchema('baseRevisionId must be the id of the revision you edited, or null.'),
		text: z
			.string({ error: 'text must be the translation as a string.' })
			.overwrite(storableText)
			.max(MAX_SEGMENT_CHARS, TOO_LONG)
			// Each line becomes a run and a break: a text of short lines is bounded like the same content.
			.superRefine((text, ctx) => {
				const over = blockOverLimit(blockFromPlainText(text, { type: 'paragraph' }));
				if (over) ctx.addIssue({ code: 'custom', message: over });
			})
			.optional(),
		content: blockSchema.optional(),
		secondsSpent: z.number({ error: 'secondsSpent must be a number of seconds.' }).min(0).max(86_400).optional(),
		/** An owner editing in review (a reviewer's edits always are). */
		review: z.boolean({ error: 'review must be true or false.' }).optional()
	})
	.refine((b) => b.text !== undefined || b.content !== undefined, { message: 'Send text or content.', path: ['text'] });

export const restoreSchema = z.object({
	revisionId: z.number({ error: 'revisionId must be the id of the revision to restore.' }).int().positive().max(MAX_ID),
	baseRevisionId: baseRevisionIdSchema('baseRevisionId must be the current revision id, or null.')
});

const CONFLICT_MESSAGE = 'Someone saved this segment after the revision you edited. Compare the versions and save again on top of theirs.';

export async function findSegmentForMember(db: Database, actor: AuthUser, segmentId: number): Promise<SegmentAccess | null> {
	// Every careful save starts here, so this is plain SQL: building and compiling the same join
	// with the query builder cost a fifth of the server's time per save (bench/save.bench.ts).
	// The save's snapshot comes with the permission check: one query instead of two per save.
	const { rows } = await sql<Omit<SegmentAccess, 'snapshot' | 'source' | keyof Membership> & { role: ProjectRole; source: unknown } & SegmentSnapshot>`
		select s.id, s.document_id, d.project_id, me.role, p.target_lang, s.source,
			s.current_revision_id, s.state, s.updated_at, s.confirmed_revision_id, cur.text, cur.content, mt.text as mt_text,
			case when cur.origin = 'mt' then null else ed.name end as last_editor
		from segments s
		join documents d on d.id = s.document_id
		join projects p on p.id = d.project_id
		join project_members me on me.project_id = d.project_id and me.user_id = ${actor.id}
		left join revisions cur on cur.id = s.current_revision_id
		left join revisions mt on mt.id = s.mt_revision_id
		left join users ed on ed.id = cur.author_id
		where s.id = ${segmentId}`.execute(db);
	const row = rows[0];
	if (!row) return null;
	const { currentRevisionId, state, text, content, mtText, lastEditor, updatedAt, confirmedRevisionId, role, ...access } = row;
	// A segment's MT is fixed once it has any revision; before that a pre-translation may still give it one.
	if (currentRevisionId !== null) remember(segmentFacts, row.id, { source: row.source as Block, targetLang: row.targetLang, mtText });
	if (currentRevisionId !== null && text !== null) remember(revisionBodies, currentRevisionId, { text, content });
	return {
		...access,
		...membership(actor, role),
		source: row.source as Block,
		snapshot: { currentRevisionId, state, text, content, mtText, lastEditor, updatedAt, confirmedRevisionId }
	};
}

/** The segment as it is now, for a member: what the workspace shows after someone else changed it. */
export function segmentNow(segment: SegmentAccess): SegmentNow {
	requireAllowed(segment, 'read');
	const s = segment.snapshot;
	return nowOf(
		segment.id,
		s.currentRevisionId,
		s.state,
		s.text ?? '',
		(s.content as Block | null) ?? null,
		s.lastEditor,
		s.mtText,
		s.updatedAt,
		s.confirmedRevisionId
	);
}

/**
 * Saves a segment's edit as a new revision if, and only if, `baseRevisionId` is still its current
 * revision; otherwise answers the conflict with what is current. Never overwrites anyone's work.
 *
 * A translator (or an owner) saves in translate mode: the segment leaves review, if it was in it.
 * A reviewer, or an owner who asks with `review`, edits in review: the segment stays submitted and
 * the translator sees the edit as a tracked change; a reviewer may only do so while it is in review.
 *
 * Given only `{ id, actor }`, a translator's save of a segment this process has seen takes one
 * round trip (the membership check inside the compare-and-set); anything else is looked up first.
 */
export async function saveSegment(
	db: Database,
	segment: SegmentAccess | { id: number; actor: AuthUser },
	input: Input<typeof saveSchema>
): Promise<SaveOutcome> {
	const body = await validateFor(db, segment, input);
	if (!('snapshot' in segment) && !body.review) {
		const fast = await saveRemembered(db, segment, body);
		if (fast) return fast;
	}
	const access = 'snapshot' in segment ? segment : await findSegmentForMember(db, segment.actor, segment.id);
	if (!access) throw new DomainError('not_found', 'No such segment.');
	const review = body.review === true || !access.may.translate;
	// Outside review a reviewer has no edit rights at all: a permission answer, not a state conflict.
	if (review && !access.may.translate && !reviewerMayEdit(access.snapshot.state)) {
		throw new DomainError('forbidden', 'Reviewers edit segments only while they are in review.');
	}
	return saveOnBase(db, access, {
		content: contentOf(body, access.source),
		baseRevisionId: body.baseRevisionId,
		secondsSpent: body.secondsSpent,
		mode: review ? 'review' : 'translate'
	});
}

/** The input, validated; but a non-member hears 404 about the segment before anything about their input. */
async function validateFor(db: Database, segment: SegmentAccess | { id: number; actor: AuthUser }, input: unknown) {
	try {
		return validate(saveSchema, input);
	} catch (e) {
		if (!('snapshot' in segment)) await requireSegmentMember(db, segment.actor, segment.id);
		throw e;
	}
}

/**
 * Refuses a non-member with 404 before their input is judged, so a segment's existence does not
 * leak through an error about a body: this verb's own validation, and the API's reading of JSON.
 */
export async function requireSegmentMember(db: Database, actor: AuthUser, segmentId: number): Promise<void> {
	if (!(await findSegmentForMember(db, actor, segmentId))) throw new DomainError('not_found', 'No such segment.');
}

function contentOf(body: { text?: string; content?: Block }, source: Block): Block {
	const content = body.content ?? blockFromPlainText(body.text ?? '', source);
	if (!isBlock(content)) throw new DomainError('invalid', EMPTY, 'text');
	return content;
}

/** The last word before a block is stored, whichever way it came (a save, a restore of an older revision). */
function requireWithinLimits(content: Block, field: string): void {
	const over = blockOverLimit(content);
	if (over) throw new DomainError('invalid', over, field);
}

export interface SaveOnBase {
	content: Block;
	/** The revision the edit started from; null for a segment that had none. */
	baseRevisionId: number | null;
	secondsSpent?: number;
	origin?: Extract<RevisionOrigin, 'human' | 'restore'>;
	mode: 'translate' | 'review';
	/** What a conflict says. */
	conflictMessage?: string;
}

/**
 * The careful path, for a segment looked up with its snapshot: the permission for the mode, the
 * state transition, an unchanged save, the compare-and-set. Restores come through here too.
 */
export async function saveOnBase(db: Database, segment: SegmentAccess, save: SaveOnBase): Promise<SaveOutcome> {
	requireAllowed(segment, save.mode === 'review' ? 'review_edit' : 'translate');
	requireWithinLimits(save.content, save.origin === 'restore' ? 'revisionId' : 'content');
	const seen = segment.snapshot;
	const message = save.conflictMessage ?? CONFLICT_MESSAGE;
	if (seen.currentRevisionId !== save.baseRevisionId) return conflict(db, segment.id, message);

	const review = save.mode === 'review';
	const text = plainText(save.content);
	const transition = segmentTransition(seen.state, review ? 'review_edit' : 'translate', stateAfterSave(text, seen.mtText));
	if (!transition.ok) throw new DomainError('conflict', transition.message);
	// Saving what is already there records nothing new.
	if (seen.currentRevisionId !== null && sameBlock(seen.content as Block, save.content)) {
		return {
			ok: true,
			unchanged: true,
			segment: nowOf(
				segment.id,
				seen.currentRevisionId,
				seen.state,
				seen.text ?? '',
				save.content,
				seen.lastEditor,
				seen.mtText,
				seen.updatedAt,
				seen.confirmedRevisionId
			)
		};
	}
	const applied = await applySave(db, {
		segmentId: segment.id,
		authorId: segment.actor.id,
		authorName: segment.actor.name,
		mtText: seen.mtText,
		content: save.content,
		text,
		base: { revisionId: save.baseRevisionId, text: seen.text ?? '' },
		state: transition.to,
		secondsSpent: save.secondsSpent,
		origin: save.origin,
		locale: segment.targetLang,
		review
	});
	if (!applied) return conflict(db, segment.id, message, review ? save.baseRevisionId : undefined);
	return {
		ok: true,
		unchanged: false,
		segment: nowOf(segment.id, applied.id, transition.to, text, save.content, segment.actor.name, seen.mtText, applied.updatedAt)
	};
}

interface AppliedSave {
	segmentId: number;
	authorId: number;
	/** The author's name, for the live event the save records. */
	authorName: string;
	mtText: string | null;
	content: Block;
	text: string;
	base: { revisionId: number | null; text: string };
	state: SegmentState;
	secondsSpent?: number;
	origin?: Extract<RevisionOrigin, 'human' | 'restore'>;
	locale: string;
	review: boolean;
	/** Also require, in the same statement, that this user is a member with one of these roles. */
	member?: { userId: number; roles: readonly ProjectRole[] };
}

/**
 * The compare-and-set itself: the new revision, or null when a condition did not hold.
 *
 * The diff is computed before any lock is taken (a long Chinese paragraph can take a few hundred
 * milliseconds), then one statement locks the segment, re-checks the base, inserts the revision
 * and moves the segment to it: a single transaction and one round trip.
 */
async function applySave(db: Database, save: AppliedSave): Promise<{ id: number; updatedAt: Date } | null> {
	const { review, member } = save;
	const cause = save.origin === 'restore' ? 'restore' : review ? 'review_edit' : 'save';
	const diff = wordDiff(save.base.text, save.text, { locale: save.locale });
	const stats = diffStats(diff.parts, save.locale);

	// `for update` waits for a concurrent save or review decision and then re-evaluates the
	// conditions against the row it committed, so of two saves on the same base exactly one finds
	// its row. The audit entry for leaving review (or editing in it) and the live event (record.ts) are in the same statement.
	// Lists travel comma-separated: PGlite and pg pass array parameters differently.
	const { rows } = await sql<{ id: number; updatedAt: Date }>`
		with target as (
			select id, document_id, state as old_state from segments
			where id = ${save.segmentId} and current_revision_id is not distinct from ${save.base.revisionId}
				and (${!review} or state::text = any(string_to_array(${REVIEW_EDITABLE.join(',')}, ',')))
				and (${!member} or exists (
					select 1 from documents d join project_members me on me.project_id = d.project_id
					where d.id = segments.document_id and me.user_id = ${member?.userId ?? null}::integer
						and me.role::text = any(string_to_array(${member?.roles.join(',') ?? ''}, ','))))
			for update
		), inserted as (
			insert into revisions (segment_id, parent_id, author_id, origin, content, text, diff, words_inserted, words_deleted, seconds_spent, in_review)
			select target.id, ${save.base.revisionId}::integer, ${save.authorId}, ${save.origin ?? 'human'}::revision_origin,
				${JSON.stringify(save.content)}::jsonb, ${save.text}, ${JSON.stringify(diff)}::jsonb,
				${stats.wordsInserted}, ${stats.wordsDeleted}, ${Math.max(0, Math.min(Math.round(save.secondsSpent ?? 0), 24 * 3600))}, ${review}
			from target
			returning id
		), evt as (
			insert into document_events (document_id, kind, actor_id, data)
			select target.document_id, 'segment', ${save.authorId}::integer, jsonb_build_object(
				'cause', ${cause}::text,
				'actor', jsonb_build_object('id', ${save.authorId}::integer, 'name', ${save.authorName}::text),
				'segments', jsonb_build_array(jsonb_build_object(
					'id', target.id, 'revisionId', inserted.id, 'state', ${save.state}::text, 'confirmed', false,
					'differsFromMt', ${differsFromMt(save.text, save.mtText)}::boolean, 'lastEditor', ${save.authorName}::text)))
			from target join inserted on true
			returning id, document_id
		), told as (
			select pg_notify(${LIVE_CHANNEL}, 'd:' || document_id || ':' || id) from evt
		), audited as (
			insert into audit_events (project_id, document_id, segment_id, actor_id, action, details)
			select documents.project_id, documents.id, target.id, ${save.authorId},
				case when ${review} then 'segment.review_edit' else 'segment.reopened' end,
				jsonb_build_object('from', target.old_state, 'to', ${save.state}::text, 'revisionId', inserted.id)
			from target join inserted on true join documents on documents.id = target.document_id
			where target.old_state in ('submitted', 'approved', 'changes_requested')
		)
		update segments set current_revision_id = inserted.id, state = ${save.state}::segment_state, updated_at = now()
		from inserted left join told on true where segments.id = ${save.segmentId}
		returning inserted.id, segments.updated_at`.execute(db);
	const row = rows[0];
	if (!row) return null;
	remember(revisionBodies, row.id, { text: save.text, content: save.content });
	return { id: row.id, updatedAt: new Date(row.updatedAt) };
}

// Facts that never change, remembered per process so that most saves take one round trip: a
// segment's source and language are fixed at import, its MT from its first revision on, and revisions are immutable.
const MAX_REMEMBERED = 20_000;
const segmentFacts = new Map<number, { source: Block; targetLang: string; mtText: string | null }>();
const revisionBodies = new Map<number, { text: string; content: unknown }>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
	if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as K);
	map.set(key, value);
}

/**
 * A translate-mode save of a segment this process has seen, based on a revision it knows: the
 * membership check and the compare-and-set in one statement, no lookup first. Null means "take
 * the careful path" (nothing remembered, an unchanged save, or the statement found no row: not a
 * member, not allowed, or a conflict), which then says which it was. The input is validated.
 */
async function saveRemembered(db: Database, segment: { id: number; actor: AuthUser }, body: z.output<typeof saveSchema>): Promise<SaveOutcome | null> {
	const facts = segmentFacts.get(segment.id);
	const base = body.baseRevisionId === null ? { text: '', content: null } : revisionBodies.get(body.baseRevisionId);
	if (!facts || !base) return null;
	// An empty edit is refused by the careful path, after it has said whether the caller is a member.
	const content = body.content ?? blockFromPlainText(body.text ?? '', facts.source);
	if (!isBlock(content) || blockOverLimit(content) || sameBlock(base.content as Block | null, content)) return null;
	const text = plainText(content);
	const state = stateAfterSave(text, facts.mtText);
	const applied = await applySave(db, {
		segmentId: segment.id,
		authorId: segment.actor.id,
		authorName: segment.actor.name,
		mtText: facts.mtText,
		content,
		text,
		base: { revisionId: body.baseRevisionId, text: base.text },
		state,
		secondsSpent: body.secondsSpent,
		locale: facts.targetLang,
		review: false,
		member: { userId: segment.actor.id, roles: PROJECT_ACTIONS.translate.roles }
	});
	if (!applied) return null;
	return { ok: true, unchanged: false, segment: nowOf(segment.id, applied.id, state, text, content, segment.actor.name, facts.mtText, applied.updatedAt) };
}
