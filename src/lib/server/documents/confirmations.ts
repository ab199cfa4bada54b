import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { requireAllowed } from '../permissions';
import type { AuthUser } from '../auth/sessions';
import { MAX_ID, switchSchema } from '../../validation';
import { CONFIRMABLE } from '../../review/transitions';
import type { SegmentState } from '../db/schema.generated';
import * as segments from './segments';
import { conflict } from './segment-now';
import { recordSegmentsEvent } from '../live/record';
import type { SaveOutcome, SegmentAccess, SegmentNow } from './segments';

// A translator confirms a segment as done, edited or accepted as the MT says. A confirmation is an
// event on a revision (segment_confirmations), never a new revision: the segment is confirmed
// while `segments.confirmed_revision_id` is its current revision, so any later save, restore or
// review edit leaves it unconfirmed by itself, with nothing to reset.

export const confirmSchema = z.object({
	revisionId: z
		.number({ error: 'revisionId must be the id of the revision you confirm (the current one).' })
		.int('revisionId must be the id of the revision you confirm (the current one).')
		.positive('revisionId must be the id of the revision you confirm (the current one).')
		.max(MAX_ID, 'revisionId must be the id of the revision you confirm (the current one).')
});

export type ConfirmOutcome = { ok: true; alreadyConfirmed: boolean; segment: SegmentNow } | Extract<SaveOutcome, { ok: false }>;

const MOVED_ON = 'Someone saved this segment after the revision you confirmed. Read their version and confirm again if it is done.';
const EMPTY = 'This segment has no translation yet: type one before confirming it.';

/** Why a segment in this state cannot be confirmed, or null when it can. */
function unconfirmable(state: SegmentState, text: string | null): string | null {
	if (state === 'untranslated' || !text) return EMPTY;
	if (state === 'submitted') return 'This segment is already submitted for review: it needs no confirmation.';
	if (state === 'approved') return 'This segment is already approved: it needs no confirmation.';
	return null;
}

/**
 * Confirms the segment's current revision as done, if `revisionId` is still its current one;
 * otherwise answers the conflict with what is current. Confirming it again is a no-op.
 */
export async function confirmSegment(db: Database, segment: SegmentAccess, input: Input<typeof confirmSchema>): Promise<ConfirmOutcome> {
	requireAllowed(segment, 'translate');
	const { revisionId } = validate(confirmSchema, input);
	const seen = segment.snapshot;
	const refused = unconfirmable(seen.state, seen.text);
	if (refused) throw new DomainError('conflict', refused);
	if (seen.currentRevisionId !== revisionId) return conflict(db, segment.id, MOVED_ON);
	const now = segments.segmentNow(segment);
	if (seen.confirmedRevisionId === revisionId) return { ok: true, alreadyConfirmed: true, segment: now };
	if (await recordConfirmation(db, segment, revisionId)) return { ok: true, alreadyConfirmed: false, segment: { ...now, confirmed: true } };
	// The compare-and-set found the segment changed since it was read: say how it is now.
	const fresh = await segments.findSegmentForMember(db, segment.actor, segment.id);
	if (!fresh) throw new DomainError('not_found', 'No such segment.');
	if (fresh.snapshot.currentRevisionId === revisionId && fresh.snapshot.confirmedRevisionId === revisionId) {
		return { ok: true, alreadyConfirmed: true, segment: segments.segmentNow(fresh) };
	}
	const stateNow = unconfirmable(fresh.snapshot.state, fresh.snapshot.text);
	if (stateNow) throw new DomainError('conflict', stateNow);
	return conflict(db, segment.id, MOVED_ON);
}

/**
 * The compare-and-set: confirmed only while `revisionId` is current and the segment is still the
 * translator's; the event and the pointer in one statement. False when a condition did not hold.
 */
async function recordConfirmation(db: Database, segment: Pick<SegmentAccess, 'id' | 'documentId' | 'actor'>, revisionId: number): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		if (!(await confirmRevision(trx, segment.id, revisionId, segment.actor.id))) return false;
		const actor = { id: segment.actor.id, name: segment.actor.name };
		await recordSegmentsEvent(trx, { documentId: segment.documentId, kind: 'segment', cause: 'confirm', actor, segmentIds: [segment.id] });
		return true;
	});
}

async function confirmRevision(db: Database, segmentId: number, revisionId: number, userId: number): Promise<boolean> {
	const { rows } = await sql<{ id: number }>`
		with confirmed as (
			update segments set confirmed_revision_id = ${revisionId}
			where id = ${segmentId} and current_revision_id = ${revisionId}
				and confirmed_revision_id is distinct from ${revisionId}
				and state::text = any(string_to_array(${CONFIRMABLE.join(',')}, ','))
			returning id
		)
		insert into segment_confirmations (segment_id, revision_id, user_id)
		select id, ${revisionId}::integer, ${userId}::integer from confirmed
		returning id`.execute(db);
	return rows.length > 0;
}

const confirmFlagSchema = z.object({ confirm: switchSchema('confirm must be true or false.') });

/**
 * A save that may also confirm (Ctrl+Enter on an edited segment): with `confirm`, the new revision
 * and its confirmation are one transaction, so a confirmation can only ever name the revision
 * this save made. Without it, the ordinary save.
 */
export async function saveSegment(db: Database, segment: { id: number; actor: AuthUser }, input: Record<string, unknown>): Promise<SaveOutcome> {
	let confirm: boolean;
	try {
		confirm = validate(confirmFlagSchema, input).confirm;
	} catch (e) {
		await segments.requireSegmentMember(db, segment.actor, segment.id);
		throw e;
	}
	if (!confirm) return segments.saveSegment(db, segment, input);
	return inTransaction(db, async (trx) => {
		const access = await segments.findSegmentForMember(trx, segment.actor, segment.id);
		if (!access) throw new DomainError('not_found', 'No such segment.');
		requireAllowed(access, 'translate');
		if (input.review === true) throw new DomainError('invalid', 'A review edit needs no confirmation: send it without confirm.', 'confirm');
		const saved = await segments.saveSegment(trx, access, input);
		if (!saved.ok || saved.segment.confirmed) return saved;
		const refused = unconfirmable(saved.segment.state, saved.segment.text);
		if (refused) throw new DomainError('conflict', refused);
		if (!(await recordConfirmation(trx, access, saved.segment.revisionId!))) {
			return conflict(trx, segment.id, MOVED_ON);
		}
		return { ...saved, segment: { ...saved.segment, confirmed: true } };
	});
}

/**
 * Confirms every segment of the document the translator still holds and has not confirmed, as
 * recorded confirmation events by `userId` (submitting with "confirm all"). Inside the caller's
 * transaction; the number confirmed.
 */
export async function confirmAllReady(db: Database, documentId: number, actor: AuthUser): Promise<number> {
	const userId = actor.id;
	const { rows } = await sql<{ id: number }>`
		with confirmed as (
			update segments set confirmed_revision_id = current_revision_id
			where document_id = ${documentId} and current_revision_id is not null
				and confirmed_revision_id is distinct from current_revision_id
				and state::text = any(string_to_array(${CONFIRMABLE.join(',')}, ','))
			returning id, current_revision_id
		)
		insert into segment_confirmations (segment_id, revision_id, user_id)
		select id, current_revision_id, ${userId}::integer from confirmed
		returning segment_id as id`.execute(db);
	await recordSegmentsEvent(db, {
		documentId,
		kind: 'segment',
		cause: 'confirm',
		actor: { id: actor.id, name: actor.name },
		segmentIds: rows.map((r) => r.id)
	});
	return rows.length;
}

export interface ConfirmationEvent {
	revisionId: number;
	by: string | null;
	at: Date;
}

/** Who confirmed which revision of the segment, and when; newest first. */
export async function listConfirmations(db: Database, segment: Pick<SegmentAccess, 'id' | 'role' | 'may' | 'actor'>): Promise<ConfirmationEvent[]> {
	requireAllowed(segment, 'read');
	const rows = await db
		.selectFrom('segmentConfirmations as c')
		.leftJoin('users', 'users.id', 'c.userId')
		.select(['c.revisionId', 'users.name as by', 'c.createdAt as at'])
		.where('c.segmentId', '=', segment.id)
		.orderBy('c.id', 'desc')
		.execute();
	return rows;
}
