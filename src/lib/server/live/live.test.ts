import { sql } from 'kysely';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db/db';
import { useTestDatabase } from '../testing/test-db';
import { createDocument, createTeam, documentAs, editSegment, segmentAs, submittedDocument, type Team } from '../testing/factories';
import { collectingSink, type CollectingSink, type ParsedEvent } from '../testing/sse';
import * as projects from '../projects/projects';
import * as review from '../review/review';
import * as comments from '../review/comments';
import { LiveHub } from './hub';
import * as presence from './presence';
import { liveCursor, REPLAY_WINDOW_SECONDS } from './reads';

// Integration: what reaches whom through one process's hub, on the test database (a Postgres
// server, or PGlite in process): saves, review decisions, comments, presence and the bell; the
// replay after a reconnection; members of other projects and former members get nothing.

const database = useTestDatabase();
let hub: LiveHub;
const unsubscribes: (() => void)[] = [];

beforeAll(async () => {
	hub = new LiveHub(database.handle(), { presenceIntervalMs: 200, membershipIntervalMs: 300 });
	await hub.start();
});
afterAll(async () => {
	await hub?.stop();
});
afterEach(() => {
	for (const u of unsubscribes.splice(0)) u();
	vi.unstubAllEnvs();
});

function subscribe(team: Team, documentId: number, who = team.translator, lastEventId: number | null = null): CollectingSink {
	const sink = collectingSink();
	unsubscribes.push(hub.subscribeDocument({ documentId, projectId: team.project.id, userId: who.id }, lastEventId, sink));
	return sink;
}

/** Whether `e` came after `first` on the stream. */
const after = (sink: CollectingSink, first: ParsedEvent, e: ParsedEvent) => sink.events.indexOf(e) > sink.events.indexOf(first);

const segmentEvent = (segmentId: number, revisionId?: number) => (e: ParsedEvent) =>
	e.event === 'segment' &&
	(e.data.segments as { id: number; revisionId: number }[]).some((s) => s.id === segmentId && (revisionId === undefined || s.revisionId === revisionId));

describe('live updates of a document', () => {
	it('brings a save to every member watching, with the new text, its author and state', async () => {
		const team = await createTeam();
		const doc = await createDocument(team, { mt: ['One.', 'Two.'] });
		const reviewer = subscribe(team, doc.id, team.reviewer);
		const owner = subscribe(team, doc.id, team.owner);
		const revisionId = await editSegment(team.translator, doc.segments[0].id, 'The first, corrected.');
		for (const sink of [reviewer, owner]) {
			const e = await sink.next(segmentEvent(doc.segments[0].id, revisionId));
			expect(e.id).toBeGreaterThan(0);
			expect(e.data).toMatchObject({
				cause: 'save',
				documentId: doc.id,
				actor: { id: team.translator.id, name: team.translator.name },
				segments: [
					{
						id: doc.segments[0].id,
						revisionId,
						state: 'edited',
						confirmed: false,
						differsFromMt: true,
						lastEditor: team.translator.name,
						content: { type: 'paragraph', content: [{ type: 'text', text: 'The first, corrected.' }] }
					}
				]
			});
		}
	});

	it('never sends an event to a member of another project', async () => {
		const team = await createTeam();
		const other = await createTeam();
		const doc = await createDocument(team);
		const theirs = await createDocument(other);
		const outsider = subscribe(other, theirs.id, other.translator);
		const member = subscribe(team, doc.id);
		const revisionId = await editSegment(team.translator, doc.segments[0].id, 'Only for the team.');
		await member.next(segmentEvent(doc.segments[0].id, revisionId));
		// The member's event was sent; the other project's stream had the same chance and got none.
		expect(outsider.events.filter((e) => e.id !== null)).toEqual([]);
	});

	it('brings confirmations, submissions, approvals, send-backs and comments', async () => {
		const team = await createTeam();
		const doc = await submittedDocument(team, { mt: ['One.', 'Two.'] });
		const translator = subscribe(team, doc.id);
		const [first, second] = doc.segments;
		await review.approveSegment(getDb(), await segmentAs(team.reviewer, first.id), { revisionId: first.revisionId });
		const approved = await translator.next((e) => e.event === 'review' && e.data.cause === 'approved');
		expect(approved.data.segments).toMatchObject([{ id: first.id, state: 'approved' }]);
		await review.rejectSegment(getDb(), await segmentAs(team.reviewer, second.id), {
			revisionId: second.revisionId,
			reason: 'mistranslation',
			comment: 'Not two.'
		});
		const back = await translator.next((e) => e.event === 'review' && e.data.cause === 'changes_requested');
		expect(back.data).toMatchObject({
			segments: [{ id: second.id, state: 'changes_requested' }],
			notes: [{ segmentId: second.id, reason: 'mistranslation', comment: 'Not two.', reviewer: team.reviewer.name }]
		});
		const thread = await translator.next((e) => e.event === 'comment');
		expect(thread.data).toMatchObject({ segmentId: second.id, counts: { total: 1, open: 1 } });
		await comments.resolveThread(getDb(), await segmentAs(team.translator, second.id));
		await translator.next((e) => e.event === 'comment' && (e.data.counts as { open: number }).open === 0);
		// The send-back notified the translator: the bell's count arrives on the same stream.
		await translator.next((e) => e.event === 'notification' && (e.data.unread as number) >= 1);
	});

	it('replays what a reconnecting client missed, from Last-Event-ID, and says reload when it was away too long', async () => {
		const team = await createTeam();
		const doc = await createDocument(team, { mt: ['One.', 'Two.', 'Three.'] });
		const before = await liveCursor(getDb());
		const first = subscribe(team, doc.id, team.reviewer, before);
		const r1 = await editSegment(team.translator, doc.segments[0].id, 'Seen live.');
		const seen = await first.next(segmentEvent(doc.segments[0].id, r1));
		unsubscribes.pop()!();
		// The connection is gone; two more saves happen.
		const r2 = await editSegment(team.translator, doc.segments[1].id, 'Missed one.');
		const r3 = await editSegment(team.translator, doc.segments[2].id, 'Missed two.');
		const again = subscribe(team, doc.id, team.reviewer, seen.id);
		await again.next(segmentEvent(doc.segments[1].id, r2));
		await again.next(segmentEvent(doc.segments[2].id, r3));
		// Sent once each; ids up to the last seen may come again (the overlap), for the client to skip.
		const ids = again.events.filter((e) => e.id !== null).map((e) => e.id!);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => id > seen.id!)).toHaveLength(2);

		// An id older than the window (or one never sent) cannot be caught up from.
		await sql`update document_events set created_at = now() - make_interval(secs => ${REPLAY_WINDOW_SECONDS + 60}) where id = ${seen.id}`.execute(getDb());
		const late = subscribe(team, doc.id, team.reviewer, seen.id);
		const reload = await late.next((e) => e.event === 'reload');
		expect(reload.data.reason).toMatch(/reload the page/);
		const stranger = subscribe(team, doc.id, team.reviewer, 2_000_000_000);
		await stranger.next((e) => e.event === 'reload');
	});

	it('stops sending to someone removed from the project', async () => {
		const team = await createTeam();
		const doc = await createDocument(team);
		const sink = subscribe(team, doc.id, team.reviewer);
		const project = (await projects.findProjectForMember(getDb(), team.owner, { id: team.project.id }))!;
		await projects.removeMember(getDb(), project, { userId: team.reviewer.id });
		await vi.waitFor(() => expect(sink.closed).toBe(true), { timeout: 5_000 });
	});
});

describe('presence', () => {
	it('shows who is in which segment, and drops a lease nobody renews', async () => {
		vi.stubEnv('PRESENCE_LEASE_SECONDS', '2');
		const team = await createTeam();
		const doc = await createDocument(team, { mt: ['One.', 'Two.'] });
		const reviewer = subscribe(team, doc.id, team.reviewer);
		const access = await documentAs(team.translator, doc.id);
		await presence.heartbeat(getDb(), access, { segmentId: doc.segments[1].id });
		const here = await reviewer.next((e) => e.event === 'presence' && (e.data.people as unknown[]).length === 1);
		expect(here.data.people).toMatchObject([{ userId: team.translator.id, name: team.translator.name, segmentId: doc.segments[1].id }]);
		// Nobody renews it: it lapses within the lease and the next presence check.
		const gone = Date.now();
		await reviewer.next((e) => e.event === 'presence' && (e.data.people as unknown[]).length === 0 && after(reviewer, here, e), 6_000);
		expect(Date.now() - gone).toBeGreaterThan(1_000);
		expect(Date.now() - gone).toBeLessThan(4_000);
	});

	it('refuses a segment of another document, and lets a member leave at once', async () => {
		const team = await createTeam();
		const doc = await createDocument(team);
		const other = await createDocument(team);
		const access = await documentAs(team.translator, doc.id);
		await expect(presence.heartbeat(getDb(), access, { segmentId: other.segments[0].id })).rejects.toMatchObject({ code: 'invalid', field: 'segmentId' });
		await expect(presence.heartbeat(getDb(), access, { segmentId: 'x' })).rejects.toMatchObject({ code: 'invalid' });
		const reviewer = subscribe(team, doc.id, team.reviewer);
		await presence.heartbeat(getDb(), access, { segmentId: null });
		const here = await reviewer.next((e) => e.event === 'presence' && (e.data.people as unknown[]).length === 1);
		await presence.leave(getDb(), access);
		await reviewer.next((e) => e.event === 'presence' && (e.data.people as unknown[]).length === 0 && after(reviewer, here, e));
	});
});
