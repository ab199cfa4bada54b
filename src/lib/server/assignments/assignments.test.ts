import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { approvedDocument, createDocument, createTeam, createUser, documentAs, projectAs, submittedDocument, type Team } from '../testing/factories';
import { getDb } from '../db/db';
import * as assignments from './assignments';
import * as worklists from './worklists';
import * as projects from '../projects/projects';
import * as review from '../review/review';
import { listAudit } from '../activity/audit';
import { listNotifications } from '../activity/notifications';
import { daysFrom } from '../../assignments/due';
import type { AuthUser } from '../auth/sessions';

// Integration: assigning documents, against this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL): who may, whom to, what is refused, who is told, and what a membership
// change does to assignments.

useTestDatabase();

let team: Team;
const soon = daysFrom(new Date(), 3);
const later = daysFrom(new Date(), 10);

beforeAll(async () => {
	team = await createTeam({ name: 'Assignment desk' });
});

async function expectDomainError(promise: Promise<unknown>, code: string, field?: string, message?: RegExp) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a refusal').toMatchObject({ name: 'DomainError', code });
	if (field) expect((error as { field?: string }).field).toBe(field);
	if (message) expect((error as Error).message).toMatch(message);
}

const assign = async (who: AuthUser, documentId: number, input: Record<string, unknown>) =>
	assignments.setAssignment(getDb(), await documentAs(who, documentId), input);
const notices = async (user: AuthUser, documentId: number) =>
	(await listNotifications(getDb(), user)).filter((n) => n.documentId === documentId).map((n) => ({ kind: n.kind, message: n.message }));

describe('assigning a document', () => {
	it('sets translator, reviewer and due date for an owner, audits it and tells the two assignees', async () => {
		const doc = await createDocument(team, { title: 'Harbin ice festival' });
		const result = await assign(team.owner, doc.id, { translatorId: team.translator.id, reviewerId: team.reviewer.id, dueDate: soon });
		expect(result).toMatchObject({
			documentId: doc.id,
			translator: { id: team.translator.id, name: team.translator.name },
			reviewer: { id: team.reviewer.id, name: team.reviewer.name },
			dueDate: soon,
			assignedBy: team.owner.name
		});
		expect(await assignments.getAssignment(getDb(), await documentAs(team.reviewer, doc.id))).toEqual(result);

		const [event] = await listAudit(getDb(), { documentId: doc.id });
		expect(event).toMatchObject({
			action: 'document.assigned',
			actor: team.owner.name,
			details: { translatorId: team.translator.id, reviewer: team.reviewer.name, dueDate: soon, changed: ['translatorId', 'reviewerId', 'dueDate'] }
		});
		expect(await notices(team.translator, doc.id)).toEqual([
			{ kind: 'assigned', message: expect.stringMatching(/assigned you to translate “Harbin ice festival”, due /) }
		]);
		expect(await notices(team.reviewer, doc.id)).toEqual([
			{ kind: 'assigned', message: expect.stringMatching(/assigned you to review “Harbin ice festival”/) }
		]);
		expect(await notices(team.owner, doc.id)).toEqual([]);
	});

	it('changes only the fields sent, clears one sent as null, and tells nobody twice', async () => {
		const doc = await createDocument(team);
		await assign(team.owner, doc.id, { translatorId: team.translator.id, reviewerId: team.reviewer.id, dueDate: soon });
		const moved = await assign(team.owner, doc.id, { dueDate: later });
		expect(moved).toMatchObject({ translator: { id: team.translator.id }, reviewer: { id: team.reviewer.id }, dueDate: later });
		// The assignees hear that the date moved; nothing new for an unchanged repeat.
		expect((await notices(team.translator, doc.id))[0].message).toMatch(/moved the due date of/);
		await assign(team.owner, doc.id, { dueDate: later, translatorId: team.translator.id });
		expect(await notices(team.translator, doc.id)).toHaveLength(2);
		expect(await listAudit(getDb(), { documentId: doc.id })).toHaveLength(2);

		const cleared = await assign(team.owner, doc.id, { reviewerId: null, dueDate: null });
		expect(cleared).toMatchObject({ translator: { id: team.translator.id }, reviewer: null, dueDate: null });
		const gone = await assign(team.owner, doc.id, { translatorId: null });
		expect(gone).toMatchObject({ translator: null, reviewer: null, dueDate: null, assignedBy: null });
		expect(await getDb().selectFrom('documentAssignments').select('documentId').where('documentId', '=', doc.id).execute()).toEqual([]);
	});

	it('lets the owner assign themselves without telling themselves', async () => {
		const doc = await createDocument(team);
		await assign(team.owner, doc.id, { translatorId: team.owner.id });
		expect(await notices(team.owner, doc.id)).toEqual([]);
		expect((await listAudit(getDb(), { documentId: doc.id }))[0].action).toBe('document.assigned');
	});

	it('is for owners only: 403 for translators and reviewers, who change nothing', async () => {
		const doc = await createDocument(team);
		for (const who of [team.translator, team.reviewer]) {
			await expectDomainError(assign(who, doc.id, { translatorId: team.translator.id }), 'forbidden');
		}
		expect(await assignments.getAssignment(getDb(), await documentAs(team.owner, doc.id))).toMatchObject({ translator: null });
		// Outside the project there is no document to act on: the lookup is null (404), for reading too.
		expect(await documentAs(team.outsider, doc.id)).toBeNull();
		await expectDomainError(
			assignments.assignFromForm(getDb(), (await projectAs(team.translator, team.project.id))!, { documentId: String(doc.id) }),
			'forbidden'
		);
	});

	it('refuses anyone outside the project, roles that do not do the work, disabled accounts and a document of another project', async () => {
		const doc = await createDocument(team);
		await expectDomainError(assign(team.owner, doc.id, { translatorId: team.outsider.id }), 'invalid', 'translatorId', /not a member of this project/);
		await expectDomainError(assign(team.owner, doc.id, { translatorId: 2_000_000_000 }), 'invalid', 'translatorId', /not a member/);
		await expectDomainError(assign(team.owner, doc.id, { translatorId: team.reviewer.id }), 'invalid', 'translatorId', /is a reviewer in this project/);
		await expectDomainError(assign(team.owner, doc.id, { reviewerId: team.translator.id }), 'invalid', 'reviewerId', /is a translator in this project/);
		const left = await createUser({ name: 'Left Newsroom' });
		await projects.addMember(getDb(), team.project, { email: left.email, role: 'translator' });
		await getDb().updateTable('users').set({ disabledAt: new Date() }).where('id', '=', left.id).execute();
		await expectDomainError(assign(team.owner, doc.id, { translatorId: left.id }), 'invalid', 'translatorId', /disabled/);
		expect((await assignments.assignableMembers(getDb(), team.project))?.translators.map((p) => p.id)).not.toContain(left.id);
		expect(await assignments.assignableMembers(getDb(), (await projectAs(team.translator, team.project.id))!)).toBeNull();

		const other = await createTeam();
		const theirs = await createDocument(other);
		await expectDomainError(assignments.assignFromForm(getDb(), team.project, { documentId: String(theirs.id), translatorId: '' }), 'not_found', 'documentId');
		expect(await listAudit(getDb(), { documentId: doc.id })).toEqual([]);
	});

	it('refuses ids, dates and days that are not ones, and a due date already past', async () => {
		const doc = await createDocument(team);
		for (const translatorId of ['2', 1.5, 0, -1, 2_147_483_648, true]) {
			await expectDomainError(assign(team.owner, doc.id, { translatorId }), 'invalid', 'translatorId');
		}
		for (const dueDate of ['2026-02-30', '31/12/2026', '2026-12-31T10:00:00Z', '', 20261231]) {
			await expectDomainError(assign(team.owner, doc.id, { dueDate }), 'invalid', 'dueDate');
		}
		await expectDomainError(assign(team.owner, doc.id, { dueDate: daysFrom(new Date(), -2) }), 'invalid', 'dueDate', /has passed/);
		await expectDomainError(assign(team.owner, doc.id, { dueDate: daysFrom(new Date(), 6 * 366) }), 'invalid', 'dueDate', /five years/);
		// The form's fields: an empty choice is nobody, anything else is judged as sent.
		await expectDomainError(assignments.assignFromForm(getDb(), team.project, { documentId: String(doc.id), translatorId: '0x2' }), 'invalid', 'translatorId');
		await expectDomainError(assignments.assignFromForm(getDb(), team.project, { documentId: ' 2', translatorId: '' }), 'invalid', 'documentId');
	});

	it('keeps an overdue date when only the people change', async () => {
		const doc = await createDocument(team);
		await assign(team.owner, doc.id, { translatorId: team.translator.id, dueDate: soon });
		await getDb()
			.updateTable('documentAssignments')
			.set({ dueDate: daysFrom(new Date(), -5) })
			.where('documentId', '=', doc.id)
			.execute();
		// The page's form sends every field back, the past date included.
		const { assignment } = await assignments.assignFromForm(getDb(), team.project, {
			documentId: String(doc.id),
			translatorId: String(team.owner.id),
			reviewerId: '',
			dueDate: daysFrom(new Date(), -5)
		});
		expect(assignment).toMatchObject({ translator: { id: team.owner.id }, dueDate: daysFrom(new Date(), -5) });
	});

	it('follows four-eyes: one person is not both translator and reviewer while it is on', async () => {
		const doc = await createDocument(team);
		await expectDomainError(assign(team.owner, doc.id, { translatorId: team.owner.id, reviewerId: team.owner.id }), 'invalid', 'reviewerId', /Four-eyes/);
		await assign(team.owner, doc.id, { translatorId: team.owner.id });
		await expectDomainError(assign(team.owner, doc.id, { reviewerId: team.owner.id }), 'invalid', 'reviewerId');

		const relaxed = await createTeam();
		await review.setFourEyes(getDb(), relaxed.project, { fourEyes: false });
		const solo = await createDocument(relaxed);
		const both = await assignments.setAssignment(getDb(), await documentAs(relaxed.owner, solo.id), {
			translatorId: relaxed.owner.id,
			reviewerId: relaxed.owner.id
		});
		expect(both).toMatchObject({ translator: { id: relaxed.owner.id }, reviewer: { id: relaxed.owner.id } });
	});
});

describe('a membership change', () => {
	it('clears the assignments of a member who is removed, in the audit log too', async () => {
		const local = await createTeam();
		const doc = await createDocument(local);
		await assignments.setAssignment(getDb(), await documentAs(local.owner, doc.id), {
			translatorId: local.translator.id,
			reviewerId: local.reviewer.id,
			dueDate: soon
		});
		await projects.removeMember(getDb(), local.project, { userId: local.translator.id });
		expect(await assignments.getAssignment(getDb(), await documentAs(local.owner, doc.id))).toMatchObject({
			translator: null,
			reviewer: { id: local.reviewer.id },
			dueDate: soon
		});
		const events = await listAudit(getDb(), { projectId: local.project.id });
		expect(events.find((e) => e.action === 'document.unassigned')).toMatchObject({
			documentId: doc.id,
			details: { userId: local.translator.id, as: 'translator', reason: 'removed' }
		});
		expect(await worklists.myWork(getDb(), local.translator)).toEqual([]);
	});

	it('clears what a new role does not do, and keeps what it does', async () => {
		const local = await createTeam();
		const doc = await createDocument(local);
		await assignments.setAssignment(getDb(), await documentAs(local.owner, doc.id), { translatorId: local.translator.id });
		await projects.changeMemberRole(getDb(), local.project, { userId: local.translator.id, role: 'owner' });
		expect((await assignments.getAssignment(getDb(), await documentAs(local.owner, doc.id))).translator).toMatchObject({ id: local.translator.id });
		await projects.changeMemberRole(getDb(), local.project, { userId: local.translator.id, role: 'reviewer' });
		expect((await assignments.getAssignment(getDb(), await documentAs(local.owner, doc.id))).translator).toBeNull();
		expect(await getDb().selectFrom('documentAssignments').select('documentId').where('documentId', '=', doc.id).execute()).toEqual([]);
	});

	it('cannot leave anyone assigned even when a membership goes another way: the database clears it', async () => {
		const local = await createTeam();
		const doc = await createDocument(local);
		await assignments.setAssignment(getDb(), await documentAs(local.owner, doc.id), { reviewerId: local.reviewer.id, dueDate: soon });
		await getDb().deleteFrom('projectMembers').where('projectId', '=', local.project.id).where('userId', '=', local.reviewer.id).execute();
		const row = await getDb().selectFrom('documentAssignments').select(['reviewerId', 'projectId']).where('documentId', '=', doc.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ reviewerId: null, projectId: local.project.id });
	});
});

describe('the lists of work', () => {
	it('show each document’s status, progress and assignees in the project', async () => {
		const local = await createTeam();
		const draft = await createDocument(local, { title: 'Draft', mt: ['One.', 'Two.'] });
		const inReview = await submittedDocument(local, { title: 'In review', mt: ['One.', 'Two.'] });
		const approved = await approvedDocument(local, { title: 'Approved' });
		await assignments.setAssignment(getDb(), await documentAs(local.owner, draft.id), { translatorId: local.translator.id, dueDate: soon });
		const rows = await worklists.projectDocuments(getDb(), (await projectAs(local.reviewer, local.project.id))!);
		const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]));
		expect(byTitle.Draft).toMatchObject({
			status: 'in_translation',
			done: 0,
			segments: 2,
			translator: { id: local.translator.id },
			reviewer: null,
			dueDate: soon
		});
		expect(byTitle['In review']).toMatchObject({ status: 'in_review', done: 2, segments: 2, translator: null });
		expect(byTitle.Approved).toMatchObject({ status: 'approved', done: 1, segments: 1, publishedVersion: null });
		expect(rows.map((r) => r.id)).toEqual([approved.id, inReview.id, draft.id]);
	});

	it('list my assignments, soonest due first, only in projects I still belong to', async () => {
		const me = await createUser({ name: 'Busy Translator' });
		const a = await createTeam();
		const b = await createTeam();
		for (const t of [a, b]) await projects.addMember(getDb(), t.project, { email: me.email, role: 'translator' });
		const undated = await createDocument(a, { title: 'Undated' });
		const urgent = await createDocument(a, { title: 'Urgent' });
		const relaxed = await createDocument(b, { title: 'Relaxed' });
		const notMine = await createDocument(a, { title: 'Not mine' });
		await assignments.setAssignment(getDb(), await documentAs(a.owner, undated.id), { translatorId: me.id });
		await assignments.setAssignment(getDb(), await documentAs(a.owner, urgent.id), { translatorId: me.id, dueDate: soon });
		await assignments.setAssignment(getDb(), await documentAs(b.owner, relaxed.id), { translatorId: me.id, reviewerId: b.reviewer.id, dueDate: later });
		await assignments.setAssignment(getDb(), await documentAs(a.owner, notMine.id), { translatorId: a.translator.id, dueDate: soon });

		const work = await worklists.myWork(getDb(), me);
		expect(work.map((w) => [w.title, w.roles, w.project.slug])).toEqual([
			['Urgent', ['translator'], a.project.slug],
			['Relaxed', ['translator'], b.project.slug],
			['Undated', ['translator'], a.project.slug]
		]);
		expect(await worklists.myWork(getDb(), b.reviewer)).toMatchObject([{ title: 'Relaxed', roles: ['reviewer'] }]);

		// Leaving project b takes its document off the list (and out of the assignment).
		await projects.removeMember(getDb(), b.project, { userId: me.id });
		expect((await worklists.myWork(getDb(), me)).map((w) => w.title)).toEqual(['Urgent', 'Undated']);
	});
});
