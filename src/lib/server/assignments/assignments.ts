import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type Database, type Trx } from '../db/db';
import { DomainError, validate, type Input } from '../errors';
import { can, requireAllowed, type ProjectAction } from '../permissions';
import { recordAudit } from '../activity/audit';
import { notify, type NewNotification } from '../activity/notifications';
import { fourEyesOf } from '../review/settings';
import * as documents from '../documents/documents';
import type { ProjectAccess } from '../projects/projects';
import type { ProjectRole } from '../db/schema.generated';
import { idSchema, MAX_ID } from '../../validation';
import { earliestDueDate, formatDueDate, isCalendarDay, latestDueDate } from '../../assignments/due';

// Who translates and who reviews a document, and by when: one assignment per document, set by
// the project's owners. Each assignee must hold a role that may do the work (the permission
// table's translate and review), and under four-eyes one person is never both, as the review
// itself would refuse them the approval. Newly assigned people are told in the bell.

export interface Person {
	id: number;
	name: string;
}

export interface Assignment {
	documentId: number;
	translator: Person | null;
	reviewer: Person | null;
	/** A calendar day, YYYY-MM-DD. */
	dueDate: string | null;
	assignedBy: string | null;
	updatedAt: Date | null;
}

const slotId = (slot: string, work: string) => {
	const message = `${slot} must be the id of a project member who may ${work}, or null for nobody.`;
	return z.number({ error: message }).int(message).positive(message).max(MAX_ID, message).nullable().optional();
};
const DUE_FORMAT = 'dueDate must be a day written YYYY-MM-DD (such as 2026-12-31), or null for no due date.';

/** Each field omitted is left as it is; null clears it. */
export const assignmentSchema = z.object({
	translatorId: slotId('translatorId', 'translate'),
	reviewerId: slotId('reviewerId', 'review'),
	dueDate: z
		.string({ error: DUE_FORMAT })
		.regex(/^\d{4}-\d{2}-\d{2}$/, DUE_FORMAT)
		.refine(isCalendarDay, 'That day is not in the calendar: check the month and the day.')
		.nullable()
		.optional()
});

/** The assign form's fields as the verb takes them: an empty choice is nobody, or no due date; anything else goes to the schema as sent. */
export function assignmentFromForm(values: Record<string, string>): Input<typeof assignmentSchema> {
	const person = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : /^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : v);
	const day = values.dueDate?.trim();
	return { translatorId: person(values.translatorId), reviewerId: person(values.reviewerId), dueDate: day === undefined ? undefined : day || null };
}

interface Slots {
	translatorId: number | null;
	reviewerId: number | null;
	dueDate: string | null;
}

const NOBODY: Slots = { translatorId: null, reviewerId: null, dueDate: null };
const dueDateText = sql<string | null>`to_char(due_date, 'YYYY-MM-DD')`;

/** The document's assignment, for any member of its project. */
export async function getAssignment(db: Database, doc: documents.DocumentAccess): Promise<Assignment> {
	requireAllowed(doc, 'read');
	const row = await db
		.selectFrom('documentAssignments as a')
		.leftJoin('users as t', 't.id', 'a.translatorId')
		.leftJoin('users as r', 'r.id', 'a.reviewerId')
		.leftJoin('users as by', 'by.id', 'a.assignedBy')
		.select(['a.translatorId', 't.name as translatorName', 'a.reviewerId', 'r.name as reviewerName', 'by.name as assignedBy', 'a.updatedAt'])
		.select(sql<string | null>`to_char(a.due_date, 'YYYY-MM-DD')`.as('dueDate'))
		.where('a.documentId', '=', doc.id)
		.executeTakeFirst();
	const person = (id: number | null | undefined, name: string | null | undefined) => (id && name ? { id, name } : null);
	return {
		documentId: doc.id,
		translator: person(row?.translatorId, row?.translatorName),
		reviewer: person(row?.reviewerId, row?.reviewerName),
		dueDate: row?.dueDate ?? null,
		assignedBy: row?.assignedBy ?? null,
		updatedAt: row?.updatedAt ?? null
	};
}

/**
 * Assigns the document (owners): the fields given change, the others stay. Refused when an
 * assignee is not a member whose role does the work, when one person would be translator and
 * reviewer under four-eyes, or when a new due date has passed. Audited; the newly assigned, and
 * assignees whose due date moved, are notified (the actor never is).
 */
export async function setAssignment(db: Database, doc: documents.DocumentAccess, input: Input<typeof assignmentSchema>, now = new Date()): Promise<Assignment> {
	requireAllowed(doc, 'assign');
	const change = validate(assignmentSchema, input);
	await inTransaction(db, async (trx) => {
		const before = await lockAssignment(trx, doc.id);
		const next: Slots = {
			translatorId: change.translatorId === undefined ? before.translatorId : change.translatorId,
			reviewerId: change.reviewerId === undefined ? before.reviewerId : change.reviewerId,
			dueDate: change.dueDate === undefined ? before.dueDate : change.dueDate
		};
		const changed = (Object.keys(next) as (keyof Slots)[]).filter((k) => next[k] !== before[k]);
		if (changed.length === 0) return;
		// Only a new due date must lie ahead: an overdue one is kept when someone else is reassigned.
		if (changed.includes('dueDate') && next.dueDate !== null) checkDueDate(next.dueDate, now);
		const people = await membersById(trx, doc.project.id, [before.translatorId, before.reviewerId, next.translatorId, next.reviewerId]);
		if (changed.includes('translatorId')) checkAssignee(people, next.translatorId, 'translate', 'translatorId');
		if (changed.includes('reviewerId')) checkAssignee(people, next.reviewerId, 'review', 'reviewerId');
		const sameBoth = next.translatorId !== null && next.translatorId === next.reviewerId;
		if (sameBoth && (changed.includes('translatorId') || changed.includes('reviewerId')) && (await fourEyesOf(trx, doc.project.id))) {
			throw new DomainError(
				'invalid',
				'Four-eyes review is on in this project: the reviewer must be someone other than the translator. Choose another reviewer, or turn four-eyes off on the members page.',
				'reviewerId'
			);
		}
		await writeAssignment(trx, doc, next);
		const name = (id: number | null) => (id === null ? null : (people.get(id)?.name ?? null));
		const named = (s: Slots) => ({
			translatorId: s.translatorId,
			translator: name(s.translatorId),
			reviewerId: s.reviewerId,
			reviewer: name(s.reviewerId),
			dueDate: s.dueDate
		});
		await recordAudit(trx, {
			projectId: doc.project.id,
			documentId: doc.id,
			actorId: doc.actor.id,
			action: 'document.assigned',
			details: { ...named(next), changed, from: named(before) }
		});
		await notify(trx, assignmentNotices(doc, before, next));
	});
	return getAssignment(db, doc);
}

/** The page's assign form: the document named by its `documentId`, which must be in this project. */
export async function assignFromForm(db: Database, project: ProjectAccess, values: Record<string, string>): Promise<{ title: string; assignment: Assignment }> {
	requireAllowed(project, 'assign');
	const { documentId } = validate(z.object({ documentId: idSchema('Choose a document to assign.') }), values);
	const doc = await documents.findDocumentForMember(db, project.actor, documentId);
	if (!doc || doc.project.id !== project.id) throw new DomainError('not_found', 'That document is not in this project any more.', 'documentId');
	return { title: doc.title, assignment: await setAssignment(db, doc, assignmentFromForm(values)) };
}

/**
 * Whom an owner may choose: members whose role translates, and those whose role reviews (accounts
 * in use only). Null for anyone who may not assign: their page draws no assign form.
 */
export async function assignableMembers(db: Database, project: ProjectAccess): Promise<{ translators: Person[]; reviewers: Person[] } | null> {
	if (!project.may.assign) return null;
	const members = await db
		.selectFrom('projectMembers as m')
		.innerJoin('users', 'users.id', 'm.userId')
		.select(['users.id', 'users.name', 'm.role'])
		.where('m.projectId', '=', project.id)
		.where('users.disabledAt', 'is', null)
		.orderBy('users.name')
		.execute();
	const who = (action: ProjectAction) => members.filter((m) => can(m.role, action)).map(({ id, name }) => ({ id, name }));
	return { translators: who('translate'), reviewers: who('review') };
}

/**
 * Inside a change of membership: clears the member's assignments that their new role cannot do
 * (all of them when `role` is null, as they leave), each recorded in the audit log. Clearing rather
 * than refusing: an owner removing someone who left the newsroom should not first have to find
 * every document they held; the list then shows those documents as unassigned.
 */
export async function releaseMember(trx: Trx, change: { projectId: number; actorId: number; member: Person; role: ProjectRole | null }): Promise<number> {
	const { projectId, member, role } = change;
	let released = 0;
	for (const [slot, work, as] of [
		['translatorId', 'translate', 'translator'],
		['reviewerId', 'review', 'reviewer']
	] as const) {
		if (role !== null && can(role, work)) continue;
		const cleared = await trx
			.updateTable('documentAssignments')
			.set({ [slot]: null, updatedAt: sql`now()` })
			.where('projectId', '=', projectId)
			.where(slot, '=', member.id)
			.returning('documentId')
			.execute();
		released += cleared.length;
		await recordAudit(
			trx,
			...cleared.map((c) => ({
				projectId,
				documentId: c.documentId,
				actorId: change.actorId,
				action: 'document.unassigned',
				details: { userId: member.id, name: member.name, as, reason: role === null ? 'removed' : 'role_changed' }
			}))
		);
	}
	await deleteEmpty(trx, { projectId });
	return released;
}

async function lockAssignment(trx: Trx, documentId: number): Promise<Slots> {
	// Two owners assigning at once apply one after the other. (No key update: imports, comments and
	// notifications that point at the document do not wait for it.)
	const doc = await trx.selectFrom('documents').select('id').where('id', '=', documentId).forNoKeyUpdate().executeTakeFirst();
	if (!doc) throw new DomainError('not_found', 'This document no longer exists.');
	const row = await trx
		.selectFrom('documentAssignments')
		.select(['translatorId', 'reviewerId', dueDateText.as('dueDate')])
		.where('documentId', '=', documentId)
		.executeTakeFirst();
	return row ?? NOBODY;
}

function checkDueDate(dueDate: string, now: Date): void {
	if (dueDate < earliestDueDate(now))
		throw new DomainError('invalid', `The due date ${formatDueDate(dueDate)} has passed: choose today or a later day.`, 'dueDate');
	if (dueDate > latestDueDate(now))
		throw new DomainError('invalid', `The due date ${formatDueDate(dueDate)} is more than five years ahead: check the year.`, 'dueDate');
}

interface Candidate extends Person {
	role: ProjectRole;
	disabled: boolean;
}

async function membersById(trx: Trx, projectId: number, ids: (number | null)[]): Promise<Map<number, Candidate>> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await trx
		.selectFrom('projectMembers as m')
		.innerJoin('users', 'users.id', 'm.userId')
		.select(['users.id', 'users.name', 'm.role', sql<boolean>`users.disabled_at is not null`.as('disabled')])
		.where('m.projectId', '=', projectId)
		.where('users.id', 'in', wanted)
		.execute();
	return new Map(rows.map((r) => [r.id, r]));
}

function checkAssignee(people: Map<number, Candidate>, id: number | null, work: 'translate' | 'review', field: string): void {
	if (id === null) return;
	const person = people.get(id);
	// Someone outside the project is "not a member" whether or not the account exists: no names leak.
	if (!person) throw new DomainError('invalid', 'That person is not a member of this project. Add them on the members page first.', field);
	if (person.disabled) throw new DomainError('invalid', `${person.name}’s account is disabled.`, field);
	if (!can(person.role, work)) {
		const who = work === 'translate' ? 'owners and translators translate' : 'owners and reviewers review';
		throw new DomainError(
			'invalid',
			`${person.name} is a ${person.role} in this project, and only ${who}. Change their role on the members page, or choose someone else.`,
			field
		);
	}
}

async function writeAssignment(trx: Trx, doc: documents.DocumentAccess, next: Slots): Promise<void> {
	const values = { ...next, assignedBy: doc.actor.id, updatedAt: sql<Date>`now()` };
	await trx
		.insertInto('documentAssignments')
		.values({ documentId: doc.id, projectId: doc.project.id, ...values })
		.onConflict((oc) => oc.column('documentId').doUpdateSet(values))
		.execute();
	await deleteEmpty(trx, { documentId: doc.id });
}

/** An assignment with nobody and no date is no assignment: the row goes. */
async function deleteEmpty(trx: Trx, where: { projectId: number } | { documentId: number }): Promise<void> {
	let query = trx.deleteFrom('documentAssignments').where('translatorId', 'is', null).where('reviewerId', 'is', null).where('dueDate', 'is', null);
	query = 'projectId' in where ? query.where('projectId', '=', where.projectId) : query.where('documentId', '=', where.documentId);
	await query.execute();
}

/** One notice per person: what they are newly asked to do, or that the day it is due moved. */
function assignmentNotices(doc: documents.DocumentAccess, before: Slots, next: Slots): NewNotification[] {
	const actor = doc.actor.name;
	const due = next.dueDate ? `, due ${formatDueDate(next.dueDate)}` : '';
	const tasks = new Map<number, string[]>();
	const ask = (id: number | null, previous: number | null, task: string) => {
		if (id !== null && id !== previous) tasks.set(id, [...(tasks.get(id) ?? []), task]);
	};
	ask(next.translatorId, before.translatorId, 'translate');
	ask(next.reviewerId, before.reviewerId, 'review');
	const notices: NewNotification[] = [...tasks].map(([userId, work]) => ({
		userId,
		kind: 'assigned',
		actorId: doc.actor.id,
		documentId: doc.id,
		message: `${actor} assigned you to ${work.join(' and ')} “${doc.title}”${due}`
	}));
	if (next.dueDate !== before.dueDate) {
		const moved = next.dueDate ? `moved the due date of “${doc.title}” to ${formatDueDate(next.dueDate)}` : `removed the due date of “${doc.title}”`;
		for (const userId of new Set([next.translatorId, next.reviewerId])) {
			if (userId !== null && !tasks.has(userId))
				notices.push({ userId, kind: 'assigned', actorId: doc.actor.id, documentId: doc.id, message: `${actor} ${moved}` });
		}
	}
	return notices;
}
