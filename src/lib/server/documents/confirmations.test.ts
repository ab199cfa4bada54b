import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/test-db';
import { getDb } from '../db/db';
import * as confirmations from './confirmations';
import * as documents from './documents';
import * as revisions from './revisions';
import * as review from '../review/review';
import { listNotifications } from '../activity/notifications';
import { createDocument, createTeam, documentAs, editSegment, paragraph, segmentAs, submittedDocument, type Team } from '../testing/factories';

// Integration: confirming segments, and submitting only the confirmed ones, against this file's
// own database. A confirmation is an event on a revision, never a new one.

useTestDatabase();

let team: Team;

beforeAll(async () => {
	team = await createTeam({ name: 'Mudanjiang Evening News', targetLang: 'en' });
});

const confirm = async (segmentId: number, revisionId: unknown, actor = team.translator) =>
	confirmations.confirmSegment(getDb(), await segmentAs(actor, segmentId), { revisionId });

async function expectRefusal(promise: Promise<unknown>, code: string, message?: RegExp) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a DomainError').toMatchObject({ name: 'DomainError', code });
	if (message) expect((error as Error).message).toMatch(message);
}

async function confirmationRows(segmentId: number) {
	return getDb().selectFrom('segmentConfirmations').select(['revisionId', 'userId']).where('segmentId', '=', segmentId).orderBy('id').execute();
}

describe('confirming a segment', () => {
	it('records the MT accepted unchanged as an event on its revision, not as a new revision', async () => {
		const doc = await createDocument(team, { mt: ['The Ten Million Project.'] });
		const [s] = doc.segments;
		const outcome = await confirm(s.id, s.revisionId);
		expect(outcome).toMatchObject({ ok: true, alreadyConfirmed: false, segment: { revisionId: s.revisionId, state: 'mt', confirmed: true } });
		expect(await revisions.listRevisions(getDb(), await segmentAs(team.translator, s.id))).toHaveLength(1);
		expect(await confirmationRows(s.id)).toEqual([{ revisionId: s.revisionId, userId: team.translator.id }]);
		expect((await documents.listSegments(getDb(), doc.id))[0].confirmed).toBe(true);
		const history = await confirmations.listConfirmations(getDb(), await segmentAs(team.reviewer, s.id));
		expect(history).toEqual([{ revisionId: s.revisionId, by: team.translator.name, at: expect.any(Date) }]);
	});

	it('again is a no-op that records nothing', async () => {
		const doc = await createDocument(team);
		const [s] = doc.segments;
		await confirm(s.id, s.revisionId);
		expect(await confirm(s.id, s.revisionId)).toMatchObject({ ok: true, alreadyConfirmed: true, segment: { confirmed: true } });
		expect(await confirmationRows(s.id)).toHaveLength(1);
	});

	it('of a revision that is no longer current answers the conflict with what is current, and confirms nothing', async () => {
		const doc = await createDocument(team, { mt: ['Ten Thousand.'] });
		const [s] = doc.segments;
		const theirs = await editSegment(team.owner, s.id, 'Ten Million.');
		const outcome = await confirm(s.id, s.revisionId);
		expect(outcome).toMatchObject({
			ok: false,
			message: expect.stringMatching(/after the revision you confirmed/),
			current: { revisionId: theirs, text: 'Ten Million.' }
		});
		expect(await confirmationRows(s.id)).toEqual([]);
	});

	it('is refused for a segment without a translation, for one already submitted or approved, and for reviewers', async () => {
		const empty = await createDocument(team, { mt: null });
		await expectRefusal(confirm(empty.segments[0].id, 1), 'conflict', /no translation yet/);
		const submitted = await submittedDocument(team);
		await expectRefusal(
			confirm(submitted.segments[0].id, submitted.segments[0].revisionId),
			'conflict',
			/already submitted for review: it needs no confirmation/
		);
		const draft = await createDocument(team);
		await expectRefusal(confirm(draft.segments[0].id, draft.segments[0].revisionId, team.reviewer), 'forbidden');
		await expectRefusal(confirm(draft.segments[0].id, 'twelve'), 'invalid', /revisionId must be the id/);
	});

	it('holds until the next save: a later edit leaves the segment unconfirmed by itself', async () => {
		const doc = await createDocument(team);
		const [s] = doc.segments;
		await confirm(s.id, s.revisionId);
		const edited = await editSegment(team.translator, s.id, 'Heilongjiang Province.');
		expect((await segmentAs(team.translator, s.id)).snapshot).toMatchObject({ currentRevisionId: edited, confirmedRevisionId: s.revisionId });
		expect((await documents.listSegments(getDb(), doc.id))[0].confirmed).toBe(false);
	});
});

describe('saving and confirming in one step', () => {
	it('confirms exactly the revision the save made, in the same transaction', async () => {
		const doc = await createDocument(team, { mt: ['Ten Thousand.'] });
		const [s] = doc.segments;
		const saved = await confirmations.saveSegment(
			getDb(),
			{ id: s.id, actor: team.translator },
			{ baseRevisionId: s.revisionId, content: paragraph('Ten Million.'), confirm: true }
		);
		expect(saved).toMatchObject({ ok: true, segment: { state: 'edited', confirmed: true } });
		const revisionId = saved.ok ? saved.segment.revisionId : null;
		expect(await confirmationRows(s.id)).toEqual([{ revisionId, userId: team.translator.id }]);
	});

	it('confirms nothing when the save loses to another, and saves without confirming when not asked', async () => {
		const doc = await createDocument(team, { mt: ['Ten Thousand.'] });
		const [s] = doc.segments;
		await editSegment(team.owner, s.id, 'Ten Million (owner).');
		const lost = await confirmations.saveSegment(getDb(), { id: s.id, actor: team.translator }, { baseRevisionId: s.revisionId, text: 'Mine.', confirm: true });
		expect(lost).toMatchObject({ ok: false, segment: { confirmed: false } });
		expect(await confirmationRows(s.id)).toEqual([]);
		const plain = await confirmations.saveSegment(
			getDb(),
			{ id: s.id, actor: team.translator },
			{ baseRevisionId: lost.ok ? null : lost.current.revisionId, text: 'Mine.' }
		);
		expect(plain).toMatchObject({ ok: true, segment: { confirmed: false } });
	});

	it('is refused for a reviewer, and for a review edit, before anything is saved', async () => {
		const doc = await submittedDocument(team);
		const [s] = doc.segments;
		const asReviewer = confirmations.saveSegment(
			getDb(),
			{ id: s.id, actor: team.reviewer },
			{ baseRevisionId: s.revisionId, text: 'Changed.', confirm: true }
		);
		await expectRefusal(asReviewer, 'forbidden');
		const asOwner = confirmations.saveSegment(
			getDb(),
			{ id: s.id, actor: team.owner },
			{ baseRevisionId: s.revisionId, text: 'Changed.', review: true, confirm: true }
		);
		await expectRefusal(asOwner, 'invalid', /review edit needs no confirmation/);
		expect((await segmentAs(team.owner, s.id)).snapshot.currentRevisionId).toBe(s.revisionId);
		await expectRefusal(confirmations.saveSegment(getDb(), { id: s.id, actor: team.outsider }, { confirm: 'maybe' }), 'not_found');
	});
});

describe('submitting', () => {
	it('sends only the confirmed segments and says how many stay unconfirmed', async () => {
		const doc = await createDocument(team, { mt: ['One.', 'Two.', 'Three.'] });
		const [a, b] = doc.segments;
		await confirm(a.id, a.revisionId);
		const edited = await confirmations.saveSegment(
			getDb(),
			{ id: b.id, actor: team.translator },
			{ baseRevisionId: b.revisionId, text: 'Two!', confirm: true }
		);
		expect(edited.ok).toBe(true);
		expect((await review.getDocumentState(getDb(), doc.id)).readiness).toEqual({ confirmed: 2, unconfirmed: 1 });
		expect(await review.submitDocument(getDb(), await documentAs(team.translator, doc.id), {})).toEqual({ round: 1, submitted: 2, unconfirmed: 1 });
		const states = (await documents.listSegments(getDb(), doc.id)).map((s) => s.state);
		expect(states).toEqual(['submitted', 'submitted', 'mt']);
		const state = await review.getDocumentState(getDb(), doc.id);
		expect(state).toMatchObject({ state: 'in_review', readiness: { confirmed: 0, unconfirmed: 1 } });
		const [notice] = (await listNotifications(getDb(), team.reviewer)).filter((n) => n.documentId === doc.id);
		expect(notice.message).toMatch(/round 1, 2 segments/);
	});

	it('refuses when nothing is confirmed, saying so, and "confirm all" confirms the rest as recorded events', async () => {
		const doc = await createDocument(team, { mt: ['One.', 'Two.'] });
		const access = await documentAs(team.translator, doc.id);
		await expectRefusal(review.submitDocument(getDb(), access, {}), 'conflict', /none of the 2 segments still with you are confirmed/);
		expect(await review.submitDocument(getDb(), access, { includeUnconfirmed: 'on' })).toEqual({ round: 1, submitted: 2, unconfirmed: 0 });
		for (const s of doc.segments) expect(await confirmationRows(s.id)).toEqual([{ revisionId: s.revisionId, userId: team.translator.id }]);
		await expectRefusal(review.submitDocument(getDb(), access, { includeUnconfirmed: 'perhaps' }), 'invalid', /includeUnconfirmed must be true or false/);
	});
});
