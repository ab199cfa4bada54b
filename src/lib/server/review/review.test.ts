import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { importAs } from '../testing/factories';
import { getDb } from '../db/db';
import * as documents from '../documents/documents';
import * as projects from '../projects/projects';
import * as segments from '../documents/segments';
import { editSegment } from '../testing/factories';
import * as review from './review';
import * as users from '../accounts/users';
import { listAudit } from '../activity/audit';
import { listNotifications } from '../activity/notifications';
import { blockFromPlainText, type Block } from '../../import/model';
import type { AuthUser } from '../auth/sessions';
import type { ProjectRole } from '../db/schema.generated';
import type { DocumentAccess } from '../documents/documents';
import type { SegmentAccess } from '../documents/segments';
import { documentAs, projectAs, segmentAs } from '../testing/factories';

// Integration: the review workflow against this file's own database (PGlite, or Postgres with
// TEST_DATABASE_URL): the guarantees the review pages and API routes rely on.

useTestDatabase();

const paragraph = (text: string): Block => blockFromPlainText(text, { type: 'paragraph' });

let owner: AuthUser;
let translator: AuthUser;
let reviewer: AuthUser;
let project: { id: number; slug: string };

beforeAll(async () => {
	owner = await users.createUser(getDb(), { email: 'owner@review.test', name: 'Olga Owner', password: 'correct horse battery' });
	translator = await users.createUser(getDb(), { email: 'translator@review.test', name: 'Tamar Translator', password: 'correct horse battery' });
	reviewer = await users.createUser(getDb(), { email: 'reviewer@review.test', name: 'Rui Reviewer', password: 'correct horse battery' });
	project = await projects.createProject(getDb(), owner, { name: 'Review desk', sourceLang: 'zh-Hans', targetLang: 'en' });
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, {
		email: translator.email,
		role: 'translator'
	});
	await projects.addMember(getDb(), (await projects.findProjectForMember(getDb(), owner, { id: project.id }))!, { email: reviewer.email, role: 'reviewer' });
});

interface Doc {
	id: number;
	title: string;
	segments: { id: number; revisionId: number | null }[];
	as(role: ProjectRole): Promise<DocumentAccess>;
}

async function importDoc(mt: (string | null)[]): Promise<Doc> {
	const title = `Doc ${Math.random().toString(36).slice(2, 8)}`;
	const created = await importAs(translator, project.id, {
		title,
		format: 'text',
		source: mt.map((_, i) => paragraph(`第${i + 1}段。`)),
		translation: mt.every((t) => t !== null) ? mt.map((t) => paragraph(t!)) : null
	});
	const segments = (await documents.listSegments(getDb(), created.id)).map((s) => ({ id: s.id, revisionId: s.revisionId }));
	return { id: created.id, title, segments, as: (role) => documentAs(memberAs(role), created.id) };
}

const memberAs = (role: ProjectRole): AuthUser => ({ owner, translator, reviewer })[role];
const ref = (doc: Doc, i: number, role: ProjectRole): Promise<SegmentAccess> => segmentAs(memberAs(role), doc.segments[i].id);

async function edit(segmentId: number, text: string, author: AuthUser, mode: 'translate' | 'review' = 'translate') {
	return editSegment(author, segmentId, text, { review: mode === 'review' });
}

async function segmentRow(id: number) {
	return getDb().selectFrom('segments').select(['state', 'currentRevisionId', 'approvedRevisionId']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function expectDomainError(promise: Promise<unknown>, code: string, message?: RegExp) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a refusal').toMatchObject({ name: 'DomainError', code });
	if (message) expect((error as Error).message).toMatch(message);
}

describe('submitting a document', () => {
	it('makes a round with a snapshot of every segment, submits the ready ones and tells the reviewers', async () => {
		const doc = await importDoc(['One.', 'Two.', 'Three.']);
		const edited = await edit(doc.segments[0].id, 'One, edited.', translator);
		const result = await review.submitDocument(getDb(), await doc.as('translator'), { note: 'Please check the figures.', includeUnconfirmed: true });
		expect(result).toEqual({ round: 1, submitted: 3, unconfirmed: 0 });
		for (const s of doc.segments) expect((await segmentRow(s.id)).state).toBe('submitted');
		const snapshot = await review.roundRevisions(getDb(), doc.id, 1);
		expect(snapshot.get(doc.segments[0].id)).toBe(edited);
		expect(snapshot.get(doc.segments[1].id)).toBe(doc.segments[1].revisionId);
		expect((await review.getDocumentState(getDb(), doc.id)).state).toBe('in_review');
		const rounds = await review.listRounds(getDb(), doc.id);
		expect(rounds).toMatchObject([{ number: 1, submittedBy: 'Tamar Translator', note: 'Please check the figures.', segments: 3 }]);
		const told = await listNotifications(getDb(), reviewer);
		expect(told.find((n) => n.documentId === doc.id)).toMatchObject({ kind: 'review_requested' });
		expect((await listNotifications(getDb(), translator)).some((n) => n.documentId === doc.id)).toBe(false);
		expect((await listAudit(getDb(), { documentId: doc.id }))[0]).toMatchObject({ action: 'document.submitted', actor: 'Tamar Translator' });
	});

	it('is refused while a segment has no translation, and when nothing is ready', async () => {
		const empty = await importDoc([null, null]);
		await expectDomainError(
			review.submitDocument(getDb(), await empty.as('translator'), { includeUnconfirmed: true }),
			'conflict',
			/2 segments have no translation/
		);
		const doc = await importDoc(['Only.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await expectDomainError(review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true }), 'conflict', /Nothing to submit/);
	});

	it('is for translators and owners, not reviewers', async () => {
		const doc = await importDoc(['Only.']);
		await expectDomainError(review.submitDocument(getDb(), await doc.as('reviewer'), { includeUnconfirmed: true }), 'forbidden');
	});
});

describe('review decisions', () => {
	it('approve at the current revision, record the decision, and approve the document with its last segment', async () => {
		const doc = await importDoc(['One.', 'Two.']);
		await edit(doc.segments[0].id, 'One, better.', translator);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		const first = await segmentRow(doc.segments[0].id);
		expect(await review.approveSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: first.currentRevisionId! })).toEqual({
			state: 'approved',
			documentApproved: false
		});
		expect(await segmentRow(doc.segments[0].id)).toMatchObject({ state: 'approved', approvedRevisionId: first.currentRevisionId });
		const second = await segmentRow(doc.segments[1].id);
		expect((await review.approveSegment(getDb(), await ref(doc, 1, 'reviewer'), { revisionId: second.currentRevisionId! })).documentApproved).toBe(true);
		expect((await review.getDocumentState(getDb(), doc.id)).state).toBe('approved');
		const actions = (await listAudit(getDb(), { documentId: doc.id })).map((e) => e.action);
		expect(actions.slice(0, 3)).toEqual(['document.approved', 'segment.approved', 'segment.approved']);
		expect((await listNotifications(getDb(), translator)).find((n) => n.documentId === doc.id)).toMatchObject({ kind: 'document_approved' });
	});

	it('refuse a stale revision with 409 and illegal transitions with a message', async () => {
		const doc = await importDoc(['One.']);
		const mt = doc.segments[0].revisionId!;
		await expectDomainError(review.approveSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: mt }), 'conflict', /Only submitted segments/);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await edit(doc.segments[0].id, 'One, changed during review.', translator);
		await expectDomainError(review.approveSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: mt }), 'conflict', /changed after you opened it/);
		expect((await segmentRow(doc.segments[0].id)).state).toBe('edited');
		await expectDomainError(
			review.rejectSegment(getDb(), await ref(doc, 0, 'reviewer'), {
				revisionId: (await segmentRow(doc.segments[0].id)).currentRevisionId!,
				reason: 'style',
				comment: ''
			}),
			'conflict'
		);
	});

	it('are for reviewers and owners, not translators', async () => {
		const doc = await importDoc(['One.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await expectDomainError(review.approveSegment(getDb(), await ref(doc, 0, 'translator'), { revisionId: doc.segments[0].revisionId! }), 'forbidden');
	});

	it('send back with a reason: the segment is highlighted for the translator, who fixes it and resubmits', async () => {
		const doc = await importDoc(['The Ten Thousand Project.', 'Fine.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		const rev = doc.segments[0].revisionId!;
		await review.rejectSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: rev, reason: 'terminology', comment: 'It is the Ten Million Project.' });
		expect((await segmentRow(doc.segments[0].id)).state).toBe('changes_requested');
		const info = (await review.reviewInfo(getDb(), doc.id)).get(doc.segments[0].id)!;
		expect(info.lastReview).toMatchObject({
			decision: 'changes_requested',
			reason: 'terminology',
			comment: 'It is the Ten Million Project.',
			reviewer: 'Rui Reviewer'
		});
		expect((await listNotifications(getDb(), translator)).find((n) => n.segmentId === doc.segments[0].id)).toMatchObject({ kind: 'changes_requested' });
		expect((await review.getDocumentState(getDb(), doc.id)).state).toBe('in_review');

		await edit(doc.segments[0].id, 'The Ten Million Project.', translator);
		expect((await segmentRow(doc.segments[0].id)).state).toBe('edited');
		expect((await listAudit(getDb(), { documentId: doc.id }))[0]).toMatchObject({
			action: 'segment.reopened',
			details: { from: 'changes_requested', to: 'edited' }
		});
		expect(await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true })).toEqual({ round: 2, submitted: 1, unconfirmed: 0 });
		const before = await review.roundTexts(getDb(), doc.id, 1);
		const after = await review.roundTexts(getDb(), doc.id, 2);
		expect([before.get(doc.segments[0].id), after.get(doc.segments[0].id)]).toEqual(['The Ten Thousand Project.', 'The Ten Million Project.']);
		expect(after.get(doc.segments[1].id)).toBe('Fine.');
	});

	it('need a comment when the reason is “other”', async () => {
		const doc = await importDoc(['One.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await expectDomainError(
			review.rejectSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: doc.segments[0].revisionId!, reason: 'other', comment: ' ' }),
			'invalid'
		);
	});
});

describe('the verbs’ own validation, whichever door the input came through', () => {
	it('refuse a note over 2,000 characters instead of cutting it, and clean what Postgres cannot store', async () => {
		const doc = await importDoc(['One.']);
		await expectDomainError(
			review.submitDocument(getDb(), await doc.as('translator'), { note: 'n'.repeat(2001), includeUnconfirmed: true }),
			'invalid',
			/2,000 characters/
		);
		expect(await review.listRounds(getDb(), doc.id)).toEqual([]);
		await review.submitDocument(getDb(), await doc.as('translator'), { note: '  Check\u0000 this.\u0007 ', includeUnconfirmed: true });
		expect((await review.listRounds(getDb(), doc.id))[0].note).toBe('Check this.');
	});

	it('take the segment from the document’s access and the form’s segmentId, strictly, and only in that document', async () => {
		const doc = await importDoc(['One.']);
		const other = await importDoc(['Other.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await review.submitDocument(getDb(), await other.as('translator'), { includeUnconfirmed: true });
		const access = await doc.as('reviewer');
		const revisionId = String(doc.segments[0].revisionId);
		for (const segmentId of ['99999999999', '0x2', '1e1', ' 2', undefined]) {
			const refusal = await review.approveSegment(getDb(), access, { segmentId, revisionId }).catch((e: unknown) => e);
			expect(refusal, String(segmentId)).toMatchObject({ code: 'invalid', field: 'segmentId' });
		}
		await expectDomainError(
			review.approveSegment(getDb(), access, { segmentId: String(other.segments[0].id), revisionId: String(other.segments[0].revisionId) }),
			'not_found'
		);
		expect((await segmentRow(other.segments[0].id)).state).toBe('submitted');
		expect(await review.approveSegment(getDb(), access, { segmentId: String(doc.segments[0].id), revisionId })).toEqual({
			state: 'approved',
			documentApproved: true
		});
	});

	it('refuse a send-back comment over 5,000 characters, and an unknown reason, naming the field', async () => {
		const doc = await importDoc(['One.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		const seg = await ref(doc, 0, 'reviewer');
		const revisionId = doc.segments[0].revisionId;
		await expect(review.rejectSegment(getDb(), seg, { revisionId, reason: 'style', comment: 'c'.repeat(5001) })).rejects.toMatchObject({
			code: 'invalid',
			field: 'comment'
		});
		await expect(review.rejectSegment(getDb(), seg, { revisionId, reason: 'wrong' })).rejects.toMatchObject({ code: 'invalid', field: 'reason' });
		await expect(review.rejectSegment(getDb(), await ref(doc, 0, 'translator'), { revisionId, reason: 'style' })).rejects.toMatchObject({ code: 'forbidden' });
		expect((await segmentRow(doc.segments[0].id)).state).toBe('submitted');
	});
});

describe('reviewer edits', () => {
	it('keep the segment in review, are marked as tracked changes, and only happen in review', async () => {
		const doc = await importDoc(['One.']);
		// Through the one save verb, as through the API: outside review a reviewer may not edit at all.
		await expectDomainError(edit(doc.segments[0].id, 'Reviewer tries early.', reviewer, 'review'), 'forbidden', /only while they are in review/);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await edit(doc.segments[0].id, 'One, as the reviewer has it.', reviewer, 'review');
		expect((await segmentRow(doc.segments[0].id)).state).toBe('submitted');
		const info = (await review.reviewInfo(getDb(), doc.id)).get(doc.segments[0].id)!;
		expect(info).toMatchObject({ inReview: true, author: 'Rui Reviewer', parentText: 'One.' });
		expect((await listAudit(getDb(), { documentId: doc.id }))[0]).toMatchObject({ action: 'segment.review_edit' });
	});
});

describe('four-eyes', () => {
	it('stops approving your own text or a round you submitted, until an owner turns it off (recorded)', async () => {
		const doc = await importDoc(['One.', 'Two.']);
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		await edit(doc.segments[0].id, 'One, fixed by the reviewer.', reviewer, 'review');
		const own = (await segmentRow(doc.segments[0].id)).currentRevisionId!;
		await expectDomainError(review.approveSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: own }), 'forbidden', /you wrote the current text/);

		// The owner edits and submits a second document herself: she cannot approve that round.
		const mine = await importDoc(['Mine.']);
		await review.submitDocument(getDb(), await mine.as('owner'), { includeUnconfirmed: true });
		await expectDomainError(
			review.approveSegment(getDb(), await ref(mine, 0, 'owner'), { revisionId: mine.segments[0].revisionId! }),
			'forbidden',
			/you submitted this round/
		);

		// Approve-all skips what four-eyes keeps from you, and says so.
		const all = await review.approveAllRemaining(getDb(), await doc.as('reviewer'));
		expect(all.approved).toBe(1);
		expect(all.skipped).toMatchObject([{ segmentId: doc.segments[0].id, position: 1 }]);

		await expectDomainError(review.setFourEyes(getDb(), (await projectAs(reviewer, project.id))!, { fourEyes: false }), 'forbidden');
		await review.setFourEyes(getDb(), (await projectAs(owner, project.id))!, { fourEyes: false });
		try {
			expect((await review.approveSegment(getDb(), await ref(doc, 0, 'reviewer'), { revisionId: own })).documentApproved).toBe(true);
			const decision = await getDb().selectFrom('segmentReviews').select('fourEyes').where('revisionId', '=', own).executeTakeFirstOrThrow();
			expect(decision.fourEyes).toBe(false);
			expect((await listAudit(getDb(), { projectId: project.id })).find((e) => e.action === 'project.four_eyes')).toMatchObject({
				actor: 'Olga Owner',
				details: { from: true, to: false }
			});
		} finally {
			await review.setFourEyes(getDb(), (await projectAs(owner, project.id))!, { fourEyes: true });
		}
	});
});

describe('concurrent approve and edit of the same segment', () => {
	it('never leave an approved segment whose current text nobody approved', async () => {
		const doc = await importDoc(Array.from({ length: 30 }, (_, i) => `Sentence ${i + 1}.`));
		await review.submitDocument(getDb(), await doc.as('translator'), { includeUnconfirmed: true });
		const refs = await Promise.all(doc.segments.map((_, i) => ref(doc, i, 'reviewer')));
		const outcomes = await Promise.allSettled(
			doc.segments.flatMap((s, i) => [
				review.approveSegment(getDb(), refs[i], { revisionId: s.revisionId! }),
				segments.saveSegment(getDb(), { id: s.id, actor: translator }, { content: paragraph(`Sentence ${i + 1}, revised.`), baseRevisionId: s.revisionId })
			])
		);
		expect(outcomes.every((o) => o.status === 'fulfilled' || (o.reason as { code?: string }).code === 'conflict')).toBe(true);
		const { rows } = await sql<{ id: number; state: string; ok: boolean }>`
			select s.id, s.state,
				(s.current_revision_id = s.approved_revision_id and exists (
					select 1 from segment_reviews r where r.segment_id = s.id and r.revision_id = s.current_revision_id and r.decision = 'approved'
				)) as ok
			from segments s where s.document_id = ${doc.id}`.execute(getDb());
		for (const row of rows) if (row.state === 'approved') expect(row.ok, `segment ${row.id}`).toBe(true);
		// Every save landed (approve first leaves it edited; save first makes the approve stale).
		expect(rows.every((r) => r.state === 'edited')).toBe(true);
	});
});

describe('history tables', () => {
	it('refuse changes to rounds, decisions and the audit log', async () => {
		const changes = {
			audit_events: sql`action = action || '!'`,
			review_rounds: sql`note = note || '!'`,
			segment_reviews: sql`comment = comment || '!'`,
			review_round_segments: sql`revision_id = null`
		};
		for (const [table, change] of Object.entries(changes)) {
			await expect(sql`update ${sql.table(table)} set ${change}`.execute(getDb())).rejects.toThrow(/append-only/);
			await expect(sql`delete from ${sql.table(table)}`.execute(getDb())).rejects.toThrow(/append-only/);
		}
	});
});

describe('the review queue', () => {
	it('lists documents waiting for the user as reviewer or owner, oldest first, not for translators', async () => {
		const older = await importDoc(['Older.']);
		await review.submitDocument(getDb(), await older.as('translator'), { includeUnconfirmed: true });
		const newer = await importDoc(['Newer.', 'Two.']);
		await review.submitDocument(getDb(), await newer.as('translator'), { includeUnconfirmed: true });
		const queue = (await review.reviewQueue(getDb(), reviewer)).filter((q) => q.documentId === older.id || q.documentId === newer.id);
		expect(queue.map((q) => q.documentId)).toEqual([older.id, newer.id]);
		expect(queue[1]).toMatchObject({ title: newer.title, waiting: 2, round: 1, submittedBy: 'Tamar Translator', projectSlug: project.slug });
		expect((await review.reviewQueue(getDb(), translator)).length).toBe(0);
	});
});

describe('the project audit log', () => {
	it('records the project, its members and changes to them, with who did it', async () => {
		const p = await projects.createProject(getDb(), owner, { name: 'Audited', sourceLang: 'zh-Hans', targetLang: 'en' });
		await projects.addMember(getDb(), p, { email: translator.email, role: 'translator' });
		await projects.changeMemberRole(getDb(), p, { userId: translator.id, role: 'reviewer' });
		await projects.changeMemberRole(getDb(), p, { userId: translator.id, role: 'reviewer' });
		await projects.removeMember(getDb(), p, { userId: translator.id });
		const events = (await listAudit(getDb(), { projectId: p.id })).reverse();
		expect(events.map((e) => [e.action, e.actor, e.details])).toEqual([
			['project.created', 'Olga Owner', { name: 'Audited' }],
			['member.added', 'Olga Owner', { userId: translator.id, name: 'Tamar Translator', role: 'translator' }],
			['member.role_changed', 'Olga Owner', { userId: translator.id, name: 'Tamar Translator', from: 'translator', to: 'reviewer' }],
			['member.removed', 'Olga Owner', { userId: translator.id, name: 'Tamar Translator', role: 'reviewer' }]
		]);
	});
});
