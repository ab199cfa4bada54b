import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '$lib/server/testing/test-db';
import { getDb } from '$lib/server/db/db';
import { apiClientFor, useTestServer } from '$lib/server/testing/http';
import { createTeam, type Team } from '$lib/server/testing/factories';
import * as tokens from '$lib/server/auth/tokens';
import { isConflict, isPublishRefused, type ApiClient } from '.';

// The typed client against the real routes: each answer has the shape its type says, and each
// refusal arrives as the ApiError the client promises.

useTestDatabase();
const server = useTestServer();

let team: Team;
const as = {} as Record<'owner' | 'translator' | 'reviewer' | 'outsider', ApiClient>;

beforeAll(async () => {
	team = await createTeam({ name: 'Client journey' });
	for (const role of ['owner', 'translator', 'reviewer', 'outsider'] as const) {
		as[role] = apiClientFor(server, (await tokens.createApiToken(getDb(), team[role], { label: 'client test' })).token);
	}
});

describe('the API client', () => {
	it('reads the caller, their projects and the members', async () => {
		expect(await as.owner.me()).toEqual({ id: team.owner.id, email: team.owner.email, name: team.owner.name, role: team.owner.role });
		const { projects } = await as.owner.projects.list();
		expect(projects).toEqual([expect.objectContaining({ id: team.project.id, name: 'Client journey', role: 'owner', memberCount: 3 })]);
		const { members } = await as.translator.projects.members(team.project.id);
		expect(members.map((m) => m.role).sort()).toEqual(['owner', 'reviewer', 'translator']);
	});

	it('takes a document from import through saves, a conflict, a restore and review to a refused publication', async () => {
		const { id, segments: count } = await as.translator.projects.importDocument(team.project.id, {
			title: 'Harbin festival',
			source: '哈尔滨举办文化节。\n\n活动吸引了游客。',
			translation: 'Harbin holds a culture festival.\n\nThe event drew tourists.'
		});
		expect(count).toBe(2);
		expect((await as.reviewer.projects.documents(team.project.id)).documents).toEqual([expect.objectContaining({ id, title: 'Harbin festival', segments: 2 })]);

		const doc = await as.translator.documents.get(id);
		expect(doc).toMatchObject({ id, state: 'in_translation', round: 0, projectId: team.project.id, sourceLang: 'zh-Hans', targetLang: 'en' });
		const [first, second] = doc.segments;
		const mtRevision = first.revisionId;
		const saved = await as.translator.segments.save(first.id, { baseRevisionId: mtRevision, text: 'Harbin held a cultural festival.' });
		expect(saved).toEqual({
			revisionId: expect.any(Number),
			state: 'edited',
			unchanged: false,
			segment: expect.objectContaining({ state: 'edited', differsFromMt: true }),
			qa: expect.any(Array)
		});

		const stale = await as.owner.segments.save(first.id, { baseRevisionId: mtRevision, text: 'Mine.' }).catch((e: unknown) => e);
		if (!isConflict(stale)) throw stale;
		expect(stale.body?.current).toMatchObject({ revisionId: saved.revisionId, text: 'Harbin held a cultural festival.', author: team.translator.name });

		const { revisions } = await as.reviewer.segments.revisions(first.id);
		expect(revisions.map((r) => r.origin)).toEqual(['human', 'mt']);
		const diff = await as.reviewer.segments.diff(first.id, mtRevision!, saved.revisionId);
		expect(diff).toMatchObject({ from: mtRevision, to: saved.revisionId, kind: 'diff' });
		const restoreStale = await as.translator.segments.restore(first.id, { revisionId: mtRevision!, baseRevisionId: mtRevision }).catch((e: unknown) => e);
		expect(isConflict(restoreStale)).toBe(true);
		const restored = await as.translator.segments.restore(first.id, { revisionId: saved.revisionId, baseRevisionId: saved.revisionId });
		expect(restored).toMatchObject({ state: 'edited', unchanged: expect.any(Boolean) });

		expect(await as.translator.documents.submit(id, { note: 'Ready.', includeUnconfirmed: true })).toEqual({ round: 1, submitted: 2, unconfirmed: 0 });
		expect((await as.reviewer.reviewQueue()).documents).toEqual([
			expect.objectContaining({ documentId: id, waiting: 2, round: 1, submittedBy: team.translator.name })
		]);
		const current = await as.reviewer.documents.get(id);
		expect(await as.reviewer.segments.approve(first.id, { revisionId: current.segments[0].revisionId! })).toEqual({
			state: 'approved',
			documentApproved: false
		});
		expect(
			await as.reviewer.segments.reject(second.id, { revisionId: current.segments[1].revisionId!, reason: 'grammar', comment: '“drew” or “attracted”?' })
		).toEqual({
			state: 'changes_requested'
		});

		const reply = await as.translator.segments.addComment(second.id, { body: '“attracted”, fixed.' });
		expect(reply).toMatchObject({ author: team.translator.name, body: '“attracted”, fixed.', resolvedAt: null });
		expect((await as.translator.segments.comments(second.id)).comments.map((c) => c.reason)).toEqual(['grammar', null]);
		expect(await as.reviewer.segments.resolveThread(second.id)).toEqual({ resolved: 2 });

		const { rounds } = await as.owner.documents.rounds(id);
		expect(rounds).toEqual([expect.objectContaining({ number: 1, note: 'Ready.', submittedBy: team.translator.name })]);
		expect(rounds[0].segments).toHaveLength(2);
		const { events } = await as.owner.documents.audit(id);
		expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['document.submitted', 'segment.approved', 'segment.changes_requested']));

		const refused = await as.owner.documents.publish(id).catch((e: unknown) => e);
		if (!isPublishRefused(refused)) throw refused;
		expect(refused.body?.reasons.map((r) => r.kind)).toEqual(['not_approved']);
		expect(await as.owner.documents.publications(id)).toEqual({ publications: [] });
	});

	it('lists the caller’s notifications and marks them read', async () => {
		const { unread, notifications } = await as.translator.notifications.list();
		expect(unread).toBeGreaterThan(0);
		expect(notifications[0]).toMatchObject({ kind: expect.any(String), url: expect.stringMatching(/^\/projects\//), readAt: null });
		expect(await as.translator.notifications.markRead()).toEqual({ unread: 0 });
	});

	it('throws the API’s refusals as ApiErrors: a non-member’s 404, a translator’s 403, an invalid field’s 400', async () => {
		const doc = await as.translator.projects.importDocument(team.project.id, { title: 'Short', source: '一。', translation: 'One.' });
		await expect(as.outsider.documents.get(doc.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
		await expect(as.translator.projects.addMember(team.project.id, { email: team.outsider.email, role: 'reviewer' })).rejects.toMatchObject({
			status: 403,
			code: 'forbidden'
		});
		await expect(as.owner.projects.create({ name: 'Bad', sourceLang: 'xx_yy', targetLang: 'en' })).rejects.toMatchObject({
			status: 400,
			code: 'invalid',
			field: 'sourceLang'
		});
	});
});
